using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MultiTask.MLNet.Benchmarks
{
    /// <summary>Synthetic data: uniform features, K smooth regression targets, as arrays or as an IDataView.</summary>
    public sealed class BenchmarkData
    {
        public BenchmarkData(int rows, int inputs, int tasks, int outputs = 1, int seed = 1)
        {
            Rows = rows;
            Inputs = inputs;
            Outputs = outputs;
            var random = new Random(seed);
            Features = new float[rows * inputs];
            for (int i = 0; i < Features.Length; i++)
                Features[i] = (float)random.NextDouble();
            Targets = Enumerable.Range(0, tasks).Select(k => Enumerable.Range(0, rows * outputs)
                .Select(i => (float)Math.Tanh(2 * Features[i / outputs * inputs + (k + i) % inputs] - Features[i / outputs * inputs + (k + 1) % inputs])).ToArray()).ToArray();
        }

        public int Rows { get; }
        public int Inputs { get; }

        /// <summary>Values per task and row (1: a Single label column; more: a vector label).</summary>
        public int Outputs { get; }
        public float[] Features { get; }
        public float[][] Targets { get; }

        public static string TaskColumn(int k) => $"T{k}";

        /// <summary>The tasks of this data as regression TaskSpecs on its columns.</summary>
        public List<TaskSpec> Tasks() => Enumerable.Range(0, Targets.Length).Select(k => TaskSpec.Regression(TaskColumn(k))).ToList();

        /// <summary>Features (known-size vector) and one Single column per task.</summary>
        public IDataView ToDataView() => new ColumnarDataView(this);

        private sealed class ColumnarDataView : IDataView
        {
            private readonly BenchmarkData data;

            public ColumnarDataView(BenchmarkData data)
            {
                this.data = data;
                var builder = new DataViewSchema.Builder();
                builder.AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, data.Inputs));
                for (int k = 0; k < data.Targets.Length; k++)
                    builder.AddColumn(TaskColumn(k), data.Outputs == 1 ? NumberDataViewType.Single : new VectorDataViewType(NumberDataViewType.Single, data.Outputs));
                Schema = builder.ToSchema();
            }

            public bool CanShuffle => false;
            public DataViewSchema Schema { get; }
            public long? GetRowCount() => data.Rows;
            public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random rand = null) => new Cursor(this);
            public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random rand = null) => new DataViewRowCursor[] { new Cursor(this) };

            private sealed class Cursor : DataViewRowCursor
            {
                private readonly ColumnarDataView view;
                private long position = -1;

                public Cursor(ColumnarDataView view) => this.view = view;

                public override DataViewSchema Schema => view.Schema;
                public override long Position => position;
                public override long Batch => 0;
                public override bool IsColumnActive(DataViewSchema.Column column) => true;
                public override bool MoveNext() => ++position < view.data.Rows;
                public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)position, 0);

                public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
                {
                    var data = view.data;
                    if (column.Index == 0)
                    {
                        ValueGetter<VBuffer<float>> features = (ref VBuffer<float> value) =>
                        {
                            var editor = VBufferEditor.Create(ref value, data.Inputs);
                            data.Features.AsSpan((int)position * data.Inputs, data.Inputs).CopyTo(editor.Values);
                            value = editor.Commit();
                        };
                        return (ValueGetter<TValue>)(Delegate)features;
                    }
                    var target = data.Targets[column.Index - 1];
                    if (data.Outputs > 1)
                    {
                        ValueGetter<VBuffer<float>> vector = (ref VBuffer<float> value) =>
                        {
                            var editor = VBufferEditor.Create(ref value, data.Outputs);
                            target.AsSpan((int)position * data.Outputs, data.Outputs).CopyTo(editor.Values);
                            value = editor.Commit();
                        };
                        return (ValueGetter<TValue>)(Delegate)vector;
                    }
                    ValueGetter<float> label = (ref float value) => value = target[position];
                    return (ValueGetter<TValue>)(Delegate)label;
                }
            }
        }
    }
}
