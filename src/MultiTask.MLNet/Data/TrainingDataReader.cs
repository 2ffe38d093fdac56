using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet.Tasks;

namespace MultiTask.MLNet.Data
{
    /// <summary>Reads features, labels and weights out of an IDataView in one cursor pass, checking them as it goes.</summary>
    internal static class TrainingDataReader
    {
        public static TrainingData Read(IDataView data, string featureColumn, IReadOnlyList<BoundTask> tasks,
            string weightColumn, Runtime.FitCancellation cancellation, string dataName)
        {
            var schema = data.Schema;
            var features = schema[featureColumn];
            int d = ((VectorDataViewType)features.Type).Size;
            var columns = new List<DataViewSchema.Column> { features };
            columns.AddRange(tasks.Select(t => schema[t.Spec.LabelColumnName]));
            columns.AddRange(tasks.Where(t => t.Spec.HasLabelColumnName != null).Select(t => schema[t.Spec.HasLabelColumnName]));
            DataViewSchema.Column? weight = weightColumn == null ? null : schema[weightColumn];
            if (weight != null)
                columns.Add(weight.Value);

            long expectedRows = data.GetRowCount() ?? 1024;
            var x = new GrowableFloats(expectedRows * d);
            var labels = tasks.Select(t => new LabelBuffer(t, expectedRows)).ToArray();
            var weights = weight == null ? null : new GrowableFloats(expectedRows);
            using var cursor = data.GetRowCursor(columns.Distinct());
            var getFeatures = cursor.GetGetter<VBuffer<float>>(features);
            var getLabels = tasks.Select((t, k) => labels[k].MakeReader(cursor, schema, dataName)).ToArray();
            var getWeight = weight == null ? null : cursor.GetGetter<float>(weight.Value);
            VBuffer<float> row = default;
            long rowIndex = 0;
            while (cursor.MoveNext())
            {
                if ((rowIndex & 1023) == 0)
                    cancellation.ThrowIfRequested();
                getFeatures(ref row);
                AppendFeatures(x, row, d, featureColumn, rowIndex, dataName);
                foreach (var read in getLabels)
                    read(rowIndex);
                if (getWeight != null)
                    weights.Add(ReadWeight(getWeight, weightColumn, rowIndex, dataName));
                rowIndex++;
            }
            if (rowIndex == 0)
                throw new InvalidOperationException($"The {dataName} has no rows.");
            return new TrainingData((int)rowIndex, d, x.ToArray(), labels.Select(l => l.ToLabels()).ToArray(), weights?.ToArray());
        }

        private static void AppendFeatures(GrowableFloats x, VBuffer<float> row, int d, string column, long rowIndex, string dataName)
        {
            var target = x.Append(d);
            row.CopyTo(target);
            for (int j = 0; j < target.Length; j++)
                if (!float.IsFinite(target[j]))
                    throw new InvalidOperationException(
                        $"Feature column '{column}' has a non-finite value ({target[j]}) at slot {j} of row {rowIndex} of the {dataName}. " +
                        "Replace missing values first (for example mlContext.Transforms.ReplaceMissingValues).");
        }

        private static float ReadWeight(ValueGetter<float> getter, string column, long rowIndex, string dataName)
        {
            float w = 0;
            getter(ref w);
            if (!(w >= 0) || float.IsInfinity(w))
                throw new InvalidOperationException(
                    $"Example weight column '{column}' has {w} at row {rowIndex} of the {dataName}; weights must be finite and >= 0.");
            return w;
        }

        // Accumulates one task's labels; a row without a label (NaN regression value, missing key, has-label false) gets mask 0.
        private sealed class LabelBuffer
        {
            private readonly BoundTask task;
            private readonly int width;
            private readonly GrowableFloats values;
            private readonly GrowableFloats mask;

            public LabelBuffer(BoundTask task, long expectedRows)
            {
                this.task = task;
                width = task.Rules.LabelWidth(task);
                values = new GrowableFloats(expectedRows * width);
                mask = new GrowableFloats(expectedRows);
            }

            public TaskLabels ToLabels() => new TaskLabels(width, values.ToArray(), mask.ToArray());

            /// <summary>Reads the label of a row, then clears the mask where the task's has-label column says false.</summary>
            public Action<long> MakeReader(DataViewRowCursor cursor, DataViewSchema schema, string dataName)
            {
                var readLabel = task.Rules.CreateLabelReader(task, cursor, schema[task.Spec.LabelColumnName]);
                if (task.Spec.HasLabelColumnName == null)
                    return row => mask.Add(readLabel(values.Append(width), row, dataName) ? 1 : 0);
                var getHas = cursor.GetGetter<bool>(schema[task.Spec.HasLabelColumnName]);
                bool has = false;
                return row =>
                {
                    bool present = readLabel(values.Append(width), row, dataName);
                    getHas(ref has);
                    mask.Add(present && has ? 1 : 0);
                };
            }
        }
    }
}
