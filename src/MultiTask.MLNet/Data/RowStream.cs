using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using MultiTask.MLNet.Tasks;

namespace MultiTask.MLNet.Data
{
    /// <summary>
    /// Training rows read from an IDataView cursor on every pass instead of copied into memory: shuffled mini-batches
    /// through a seeded shuffle buffer, ordered chunks for validation, and one scan for the statistics training needs
    /// before its first step. Only the buffer and one batch are held at a time.
    /// </summary>
    internal sealed class RowStream
    {
        private readonly IDataView data;
        private readonly string featureColumn;
        private readonly IReadOnlyList<BoundTask> tasks;
        private readonly string weightColumn;
        private readonly Runtime.FitCancellation cancellation;
        private readonly Func<long, bool> keep;
        // Blocks kept from one pass to the next: a shuffle buffer of 100,000 rows x 100 features is 40 MB, and allocating
        // (and zeroing) it anew every epoch cost a full garbage collection per epoch.
        private readonly Spare spareBuffer = new Spare(), spareBatch = new Spare(), spareChunk = new Spare();

        /// <summary>The rows of <paramref name="data"/> for which <paramref name="keep"/> (given the 0-based position) is true; all when null.</summary>
        public RowStream(IDataView data, string featureColumn, IReadOnlyList<BoundTask> tasks, string weightColumn,
            Runtime.FitCancellation cancellation, string dataName, Func<long, bool> keep = null)
        {
            this.data = data;
            this.featureColumn = featureColumn;
            this.tasks = tasks;
            this.weightColumn = weightColumn;
            this.cancellation = cancellation;
            this.keep = keep ?? (_ => true);
            DataName = dataName;
        }

        /// <summary>How errors and messages name these rows ("training data", "validation set", ...).</summary>
        public string DataName { get; }

        /// <summary>
        /// One pass: the number of rows, each task's label counts, and the weighted label moments of the tasks in
        /// <paramref name="moments"/> (null entries are skipped). Every value is checked, so bad rows fail here.
        /// </summary>
        public (long Rows, LabelCounts Counts, LabelMoments[] Moments) Scan(bool[] moments)
        {
            using var reader = Open();
            var features = new float[reader.FeatureCount];
            var labels = reader.LabelWidths.Select(w => new float[w]).ToArray();
            var masks = new float[tasks.Count];
            var counts = new LabelCounts(tasks.Count);
            var sums = moments.Select((m, k) => m ? new LabelMoments(reader.LabelWidths[k]) : null).ToArray();
            long rows = 0;
            while (reader.MoveNext())
            {
                if (!keep(reader.Position))
                    continue;
                reader.ReadFeatures(features);
                for (int k = 0; k < tasks.Count; k++)
                    masks[k] = reader.ReadLabel(k, labels[k]);
                float weight = reader.ReadWeight();
                for (int k = 0; k < tasks.Count; k++)
                {
                    counts.Add(k, masks[k], weight);
                    if (masks[k] > 0)
                        sums[k]?.Add(labels[k], weight);
                }
                rows++;
            }
            return (rows, counts, sums);
        }

        /// <summary>
        /// One epoch of mini-batches of <paramref name="batchSize"/> rows: rows enter a buffer of
        /// <paramref name="bufferRows"/>; once it is full each new row takes the place of a random one, which joins the
        /// batch; at the end the rest leave in random order. A buffer as large as the data is a full shuffle. Each batch
        /// is valid until the next is asked for (full batches share one set of arrays).
        /// </summary>
        public IEnumerable<TrainingData> ShuffledBatches(int batchSize, int bufferRows, Random random)
        {
            using var reader = Open();
            var buffer = spareBuffer.Borrow(bufferRows, reader);
            var batch = spareBatch.Borrow(batchSize, reader);
            try
            {
                while (reader.MoveNext())
                {
                    if (!keep(reader.Position))
                        continue;
                    if (!buffer.IsFull)
                    {
                        buffer.Append(reader);
                        continue;
                    }
                    int slot = random.Next(buffer.Capacity);
                    buffer.MoveTo(slot, batch);
                    buffer.Read(reader, slot);
                    if (batch.IsFull)
                        yield return Take(batch);
                }
                var rest = Enumerable.Range(0, buffer.Count).ToArray();
                random.Shuffle(rest);
                foreach (int slot in rest)
                {
                    buffer.MoveTo(slot, batch);
                    if (batch.IsFull)
                        yield return Take(batch);
                }
                if (batch.Count > 0)
                    yield return Take(batch);
            }
            finally
            {
                spareBuffer.Return(buffer);
                spareBatch.Return(batch);
            }
        }

        /// <summary>The rows in their order, <paramref name="chunkRows"/> at a time; each chunk valid until the next is asked for.</summary>
        public IEnumerable<TrainingData> Chunks(int chunkRows)
        {
            using var reader = Open();
            var chunk = spareChunk.Borrow(chunkRows, reader);
            try
            {
                while (reader.MoveNext())
                {
                    if (!keep(reader.Position))
                        continue;
                    chunk.Append(reader);
                    if (chunk.IsFull)
                        yield return Take(chunk);
                }
                if (chunk.Count > 0)
                    yield return Take(chunk);
            }
            finally
            {
                spareChunk.Return(chunk);
            }
        }

        private static TrainingData Take(RowBlock block)
        {
            var rows = block.ToTrainingData();
            block.Clear();
            return rows;
        }

        // One block kept for the next pass. Taking it empties the slot, so two passes at once never share a block (the
        // second allocates its own).
        private sealed class Spare
        {
            private RowBlock block;

            public RowBlock Borrow(int capacity, TrainingRowReader reader)
            {
                var kept = System.Threading.Interlocked.Exchange(ref block, null);
                if (kept == null || kept.Capacity != capacity)
                    kept = new RowBlock(capacity, reader.FeatureCount, reader.LabelWidths, reader.HasWeights);
                kept.Clear();
                return kept;
            }

            public void Return(RowBlock used) => block = used;
        }

        private TrainingRowReader Open() => new TrainingRowReader(data, featureColumn, tasks, weightColumn, cancellation, DataName);
    }
}
