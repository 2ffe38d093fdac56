using System;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet.Tasks.Kinds;

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

        /// <summary>What the task's kind decides: label reading, loss, outputs, scoring parts, evaluation.</summary>
        public TaskKindRules Rules => Spec.Rules;
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
                    $"Label column '{spec.LabelColumnName}' of task '{spec.Name}' is not in the {dataName}; expected {spec.Rules.ExpectedLabel}.");
            var column = found.Value;
            var type = column.Type;
            if (spec.HasLabelColumnName != null && schema.GetColumnOrNull(spec.HasLabelColumnName)?.Type != BooleanDataViewType.Instance)
                throw new ArgumentOutOfRangeException(nameof(schema),
                    $"Has-label column '{spec.HasLabelColumnName}' of task '{spec.Name}' is missing from the {dataName} or not Boolean; expected Boolean.");
            return spec.Rules.Bind(spec, column) ?? throw new ArgumentOutOfRangeException(nameof(schema),
                $"Label column '{spec.LabelColumnName}' of task '{spec.Name}' has type {type}; expected {spec.Rules.ExpectedLabel}.");
        }
    }
}
