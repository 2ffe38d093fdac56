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

        // Accumulates one task's labels; a row without a label (NaN regression value, missing key) gets mask 0.
        private sealed class LabelBuffer
        {
            private readonly BoundTask task;
            private readonly GrowableFloats values;
            private readonly GrowableFloats mask;
            private string dataName;
            private long row;

            public LabelBuffer(BoundTask task, long expectedRows)
            {
                this.task = task;
                values = new GrowableFloats(expectedRows * (task.Kind == TaskKind.Regression ? task.OutputSize : 1));
                mask = new GrowableFloats(expectedRows);
            }

            public TaskLabels ToLabels() => new TaskLabels(task.Kind == TaskKind.Regression ? task.OutputSize : 1, values.ToArray(), mask.ToArray());

            /// <summary>Reads the label of a row, then clears the mask where the task's has-label column says false.</summary>
            public Action<long> MakeReader(DataViewRowCursor cursor, DataViewSchema schema, string dataName)
            {
                this.dataName = dataName;
                var readLabel = MakeLabelReader(cursor, schema[task.Spec.LabelColumnName]);
                if (task.Spec.HasLabelColumnName == null)
                    return row => { this.row = row; readLabel(); };
                var getHas = cursor.GetGetter<bool>(schema[task.Spec.HasLabelColumnName]);
                bool has = false;
                return row =>
                {
                    this.row = row;
                    readLabel();
                    getHas(ref has);
                    if (!has)
                        mask[mask.Count - 1] = 0;
                };
            }

            private Action MakeLabelReader(DataViewRowCursor cursor, DataViewSchema.Column column)
            {
                switch (task.Kind)
                {
                    case TaskKind.Regression when task.VectorLabel:
                    {
                        var get = cursor.GetGetter<VBuffer<float>>(column);
                        VBuffer<float> v = default;
                        return () => { get(ref v); AddRegression(v); };
                    }
                    case TaskKind.Regression:
                    {
                        var get = cursor.GetGetter<float>(column);
                        float v = 0;
                        return () => { get(ref v); AddRegression(v); };
                    }
                    case TaskKind.BinaryClassification:
                    {
                        var get = cursor.GetGetter<bool>(column);
                        bool v = false;
                        return () => { get(ref v); values.Add(v ? 1 : 0); mask.Add(1); };
                    }
                    default:
                    {
                        var get = KeyReader(cursor, column);
                        return () => AddClass(get());
                    }
                }
            }

            private void AddRegression(VBuffer<float> row)
            {
                var target = values.Append(row.Length);
                row.CopyTo(target);
                CheckRegression(target);
            }

            private void AddRegression(float value)
            {
                var target = values.Append(1);
                target[0] = value;
                CheckRegression(target);
            }

            // NaN is ML.NET's missing value: such a row does not count (mask 0, placeholder 0). An infinity is not a
            // missing value but a broken one, and would poison the label statistics and the loss: refuse it.
            private void CheckRegression(Span<float> label)
            {
                bool present = true;
                for (int j = 0; j < label.Length; j++)
                {
                    if (float.IsInfinity(label[j]))
                        throw new InvalidOperationException(
                            $"Label column '{task.Spec.LabelColumnName}' of task '{task.Name}' has {label[j]} " +
                            $"{(task.VectorLabel ? $"at slot {j} of row {row}" : $"at row {row}")} of the {dataName}. " +
                            "Only NaN marks a missing label; replace or remove infinite values.");
                    if (!float.IsNaN(label[j]))
                        continue;
                    present = false;
                    label[j] = 0;
                }
                mask.Add(present ? 1 : 0);
            }

            // Keys are 1-based; 0 is ML.NET's missing value.
            private void AddClass(ulong key)
            {
                values.Add(key == 0 ? 0 : key - 1);
                mask.Add(key == 0 ? 0 : 1);
            }
        }

        private static Func<ulong> KeyReader(DataViewRowCursor cursor, DataViewSchema.Column column)
        {
            var raw = column.Type.RawType;
            if (raw == typeof(uint)) { var g = cursor.GetGetter<uint>(column); uint v = 0; return () => { g(ref v); return v; }; }
            if (raw == typeof(ulong)) { var g = cursor.GetGetter<ulong>(column); ulong v = 0; return () => { g(ref v); return v; }; }
            if (raw == typeof(ushort)) { var g = cursor.GetGetter<ushort>(column); ushort v = 0; return () => { g(ref v); return v; }; }
            if (raw == typeof(byte)) { var g = cursor.GetGetter<byte>(column); byte v = 0; return () => { g(ref v); return v; }; }
            throw new ArgumentOutOfRangeException(nameof(column), $"Key column '{column.Name}' has unsupported raw type {raw}.");
        }
    }
}
