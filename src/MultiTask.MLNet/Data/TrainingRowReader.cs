using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet.Tasks;
using MultiTask.MLNet.Tasks.Kinds;

namespace MultiTask.MLNet.Data
{
    /// <summary>
    /// A cursor over the columns training reads (features, every task's label and has-label column, the example
    /// weight), reading one row at a time into caller-owned memory and refusing values that cannot be trained on.
    /// Both the in-memory copy and streaming training read through it, so they accept and refuse the same rows.
    /// </summary>
    internal sealed class TrainingRowReader : IDisposable
    {
        private readonly DataViewRowCursor cursor;
        private readonly ValueGetter<VBuffer<float>> getFeatures;
        private readonly LabelReader[] readLabels;
        private readonly ValueGetter<float> getWeight;
        private readonly string featureColumn;
        private readonly string weightColumn;
        private readonly string dataName;
        private readonly Runtime.FitCancellation cancellation;
        private VBuffer<float> features;

        public TrainingRowReader(IDataView data, string featureColumn, IReadOnlyList<BoundTask> tasks, string weightColumn,
            Runtime.FitCancellation cancellation, string dataName)
        {
            var schema = data.Schema;
            var featureCol = schema[featureColumn];
            FeatureCount = ((VectorDataViewType)featureCol.Type).Size;
            LabelWidths = tasks.Select(t => t.Rules.LabelWidth(t)).ToArray();
            var columns = new List<DataViewSchema.Column> { featureCol };
            columns.AddRange(tasks.Select(t => schema[t.Spec.LabelColumnName]));
            columns.AddRange(tasks.Where(t => t.Spec.HasLabelColumnName != null).Select(t => schema[t.Spec.HasLabelColumnName]));
            if (weightColumn != null)
                columns.Add(schema[weightColumn]);
            cursor = data.GetRowCursor(columns.Distinct());
            getFeatures = cursor.GetGetter<VBuffer<float>>(featureCol);
            readLabels = tasks.Select(t => LabelOf(t, schema)).ToArray();
            getWeight = weightColumn == null ? null : cursor.GetGetter<float>(schema[weightColumn]);
            this.featureColumn = featureColumn;
            this.weightColumn = weightColumn;
            this.dataName = dataName;
            this.cancellation = cancellation;
            Position = -1;
        }

        public int FeatureCount { get; }

        /// <summary>How many numbers each task's label takes in a row.</summary>
        public int[] LabelWidths { get; }

        public bool HasWeights => getWeight != null;

        /// <summary>The 0-based index of the current row in the data (-1 before the first).</summary>
        public long Position { get; private set; }

        public bool MoveNext()
        {
            if (!cursor.MoveNext())
                return false;
            Position++;
            if ((Position & 1023) == 0)
                cancellation.ThrowIfRequested();
            return true;
        }

        /// <summary>The current row's features, refused if any is NaN or infinite.</summary>
        public void ReadFeatures(Span<float> target)
        {
            getFeatures(ref features);
            features.CopyTo(target);
            for (int j = 0; j < target.Length; j++)
                if (!float.IsFinite(target[j]))
                    throw new InvalidOperationException(
                        $"Feature column '{featureColumn}' has a non-finite value ({target[j]}) at slot {j} of row {Position} of the {dataName}. " +
                        "Replace missing values first (for example mlContext.Transforms.ReplaceMissingValues).");
        }

        /// <summary>Task <paramref name="task"/>'s label of the current row; its mask: 1 when the row has a label, else 0.</summary>
        public float ReadLabel(int task, Span<float> target) => readLabels[task](target, Position, dataName) ? 1 : 0;

        /// <summary>The current row's example weight (1 without a weight column), refused unless finite and >= 0.</summary>
        public float ReadWeight()
        {
            if (getWeight == null)
                return 1;
            float w = 0;
            getWeight(ref w);
            if (!(w >= 0) || float.IsInfinity(w))
                throw new InvalidOperationException(
                    $"Example weight column '{weightColumn}' has {w} at row {Position} of the {dataName}; weights must be finite and >= 0.");
            return w;
        }

        public void Dispose() => cursor.Dispose();

        // Reads the label, then clears the mask where the task's has-label column says false.
        private LabelReader LabelOf(BoundTask task, DataViewSchema schema)
        {
            var readLabel = task.Rules.CreateLabelReader(task, cursor, schema[task.Spec.LabelColumnName]);
            if (task.Spec.HasLabelColumnName == null)
                return readLabel;
            var getHas = cursor.GetGetter<bool>(schema[task.Spec.HasLabelColumnName]);
            bool has = false;
            return (target, row, name) =>
            {
                bool present = readLabel(target, row, name);
                getHas(ref has);
                return present && has;
            };
        }
    }
}
