using System;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MultiTask.MLNet.Tasks
{
    /// <summary>A <see cref="TaskSpec"/> checked against a data schema: its label type, output size and classes.</summary>
    internal sealed class BoundTask
    {
        private BoundTask(TaskSpec spec, int outputSize, bool vectorLabel, ClassValues classes)
        {
            Spec = spec;
            OutputSize = outputSize;
            VectorLabel = vectorLabel;
            Classes = classes;
        }

        /// <summary>A task whose shape is already known (schema shapes, saved models).</summary>
        public static BoundTask Create(TaskSpec spec, int outputSize, bool vectorLabel, ClassValues classes)
            => new BoundTask(spec, outputSize, vectorLabel, classes);

        public TaskSpec Spec { get; }
        public TaskKind Kind => Spec.Kind;
        public string Name => Spec.Name;

        /// <summary>Width of the head's output layer: 1, the label vector's size, or the class count.</summary>
        public int OutputSize { get; }

        /// <summary>True for a regression task on a vector label (its Score is a vector too).</summary>
        public bool VectorLabel { get; }

        /// <summary>Class values of a multiclass task; null otherwise.</summary>
        public ClassValues Classes { get; }

        /// <summary>Checks the task's label column in <paramref name="schema"/> and derives the head's shape.</summary>
        public static BoundTask Bind(TaskSpec spec, DataViewSchema schema, string dataName = "training data")
        {
            var found = schema.GetColumnOrNull(spec.LabelColumnName);
            if (found == null)
                throw new ArgumentOutOfRangeException(nameof(schema),
                    $"Label column '{spec.LabelColumnName}' of task '{spec.Name}' is not in the {dataName}; expected {Expected(spec.Kind)}.");
            var column = found.Value;
            var type = column.Type;
            if (spec.HasLabelColumnName != null && schema.GetColumnOrNull(spec.HasLabelColumnName)?.Type != BooleanDataViewType.Instance)
                throw new ArgumentOutOfRangeException(nameof(schema),
                    $"Has-label column '{spec.HasLabelColumnName}' of task '{spec.Name}' is missing from the {dataName} or not Boolean; expected Boolean.");
            switch (spec.Kind)
            {
                case TaskKind.Regression when type == NumberDataViewType.Single:
                    return new BoundTask(spec, 1, false, null);
                case TaskKind.Regression when type is VectorDataViewType v && v.ItemType == NumberDataViewType.Single && v.IsKnownSize:
                    return new BoundTask(spec, v.Size, true, null);
                case TaskKind.BinaryClassification when type == BooleanDataViewType.Instance:
                    return new BoundTask(spec, 1, false, null);
                case TaskKind.MulticlassClassification when type is KeyDataViewType key && key.Count >= 2 && key.Count <= int.MaxValue:
                    return new BoundTask(spec, (int)key.Count, false, ClassValues.FromKeyColumn(column, (int)key.Count));
                default:
                    throw new ArgumentOutOfRangeException(nameof(schema),
                        $"Label column '{spec.LabelColumnName}' of task '{spec.Name}' has type {type}; expected {Expected(spec.Kind)}.");
            }
        }

        /// <summary>What a label column of <paramref name="kind"/> must be, for error messages.</summary>
        public static string Expected(TaskKind kind) => kind switch
        {
            TaskKind.Regression => "Single (float) or a known-size vector of Single; use ConvertType for other numbers",
            TaskKind.BinaryClassification => "Boolean",
            TaskKind.MulticlassClassification => "a key type with at least 2 values; use MapValueToKey",
            _ => kind.ToString(),
        };
    }
}
