using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet.Tasks;

namespace MultiTask.MLNet.Scoring
{
    /// <summary>
    /// What <see cref="MultiTaskTransformer.Transform"/> returns: the scoring chain's schema, computed lazily in batches.
    /// A cursor reads up to <see cref="BatchSize"/> rows (fewer for very wide features) ahead from the input (features, and the values of the columns it
    /// passes through), runs the network once on them in ONNX Runtime (<see cref="HeadsSession"/>), then serves the rows
    /// in order; each task's rules turn its head's output into its columns, as in the row mapper. ML.NET's own chain
    /// calls ONNX Runtime once per row, which costs more than the network.
    /// </summary>
    internal sealed class BatchedScoringView : IDataView
    {
        public const int BatchSize = 4096;

        // At most 2^24 feature values (64 MB) per batch, so that very wide features shrink the batch rather than grow it.
        private const int MaxBatchValues = 1 << 24;
        private readonly IDataView input;
        private readonly MultiTaskModelParameters model;
        private readonly HeadsSession heads;
        private readonly TaskOutputColumns taskColumns;

        public BatchedScoringView(IDataView input, DataViewSchema schema, MultiTaskModelParameters model, HeadsSession heads)
        {
            this.input = input;
            Schema = schema;
            this.model = model;
            this.heads = heads;
            taskColumns = new TaskOutputColumns(model.BoundTasks);
        }

        public bool CanShuffle => false;

        public DataViewSchema Schema { get; }

        public long? GetRowCount() => input.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random rand = null)
            => new Cursor(this, new HashSet<int>(columnsNeeded.Select(c => c.Index)));

        // One cursor: the batches are already the parallelism.
        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random rand = null)
            => new[] { GetRowCursor(columnsNeeded, rand) };

        private bool IsTaskColumn(DataViewSchema.Column column) => taskColumns.Contains(column);

        private sealed class Cursor : DataViewRowCursor
        {
            private readonly BatchedScoringView view;
            private readonly HashSet<int> active;
            private readonly DataViewRowCursor source;
            private readonly ValueGetter<VBuffer<float>> features;
            private readonly Dictionary<string, ColumnCache> passed = new Dictionary<string, ColumnCache>();
            private readonly ColumnCache ids;
            private readonly Dictionary<string, Delegate> taskGetters;
            private readonly float[] featureRows;
            private readonly int batchSize;
            private VBuffer<float> featureBuffer;
            private float[][] outputs;
            private int count, slot = -1;
            private long position = -1;
            private bool sourceDone;

            public Cursor(BatchedScoringView view, HashSet<int> active)
            {
                this.view = view;
                this.active = active;
                var model = view.model;
                bool scores = view.Schema.Any(c => active.Contains(c.Index) && view.IsTaskColumn(c));
                var inputColumns = view.Schema.Where(c => active.Contains(c.Index) && !view.IsTaskColumn(c))
                    .Select(c => view.input.Schema[c.Name]).ToList();
                if (scores)
                    inputColumns.Add(view.input.Schema[model.FeatureColumnName]);
                source = view.input.GetRowCursor(inputColumns.Distinct());
                batchSize = Math.Clamp(MaxBatchValues / Math.Max(model.FeatureSize, 1), 1, BatchSize);
                foreach (var column in view.Schema.Where(c => active.Contains(c.Index) && !view.IsTaskColumn(c)))
                    passed[column.Name] = ColumnCache.Create(source, view.input.Schema[column.Name], batchSize);
                ids = ColumnCache.RowIds(source, batchSize);
                if (scores)
                {
                    features = source.GetGetter<VBuffer<float>>(view.input.Schema[model.FeatureColumnName]);
                    featureRows = new float[batchSize * model.FeatureSize];
                    taskGetters = TaskOutputColumns.Getters(model.BoundTasks, k =>
                    {
                        int width = model.Layout.Heads[k].OutputSize;
                        return outputs[k].AsSpan(slot * width, width).ToArray();
                    });
                }
            }

            public override DataViewSchema Schema => view.Schema;

            public override long Position => position;

            public override long Batch => 0;

            public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

            public override ValueGetter<DataViewRowId> GetIdGetter() => (ValueGetter<DataViewRowId>)ids.Getter(() => slot);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                if (!IsColumnActive(column))
                    throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor.");
                var getter = view.IsTaskColumn(column) ? taskGetters[column.Name] : passed[column.Name].Getter(() => slot);
                return getter as ValueGetter<TValue> ?? throw new InvalidOperationException(
                    $"Column '{column.Name}' is of type {column.Type}; it cannot be read as {typeof(TValue).Name}.");
            }

            public override bool MoveNext()
            {
                if (++slot >= count && !ReadBatch())
                    return false;
                position++;
                return true;
            }

            // Reads up to BatchSize rows ahead and scores them in one call.
            private bool ReadBatch()
            {
                slot = 0;
                count = 0;
                int size = view.model.FeatureSize;
                while (!sourceDone && count < batchSize)
                {
                    if (!source.MoveNext())
                    {
                        sourceDone = true;
                        break;
                    }
                    foreach (var cache in passed.Values)
                        cache.Read(count);
                    ids.Read(count);
                    if (features != null)
                    {
                        features(ref featureBuffer);
                        featureBuffer.CopyTo(featureRows.AsSpan(count * size, size));
                    }
                    count++;
                }
                if (count > 0 && features != null)
                    outputs = view.heads.Run(featureRows, count);
                return count > 0;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                    source.Dispose();
                base.Dispose(disposing);
            }
        }
    }
}
