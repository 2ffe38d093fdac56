using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Runtime;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Training.Sampling
{
    /// <summary>
    /// Rows read from the IDataView on every pass (<see cref="RowStream"/>): each mini-batch is drawn through the shuffle
    /// buffer and standardised on a background thread a few batches ahead, moved to the device as a batch of its own, and
    /// dropped once its step is done.
    /// </summary>
    internal sealed class StreamedRows : IRowSource
    {
        // Mini-batches prepared ahead of training on a background thread: enough to hide reading behind the steps.
        private const int Depth = 4;

        private readonly RowStream stream;
        private readonly IReadOnlyList<LabelScaling> scalings;
        private readonly int batchSize;
        private readonly int bufferRows;

        public StreamedRows(RowStream stream, IReadOnlyList<LabelScaling> scalings, int batchSize, int bufferRows)
        {
            this.stream = stream;
            this.scalings = scalings;
            this.batchSize = batchSize;
            this.bufferRows = bufferRows;
        }

        public IOpenRows Open(Device device, Random random) => new Opened(this, device, random);

        private sealed class Opened : IOpenRows
        {
            private readonly StreamedRows rows;
            private readonly Device device;
            private readonly Random random;

            public Opened(StreamedRows rows, Device device, Random random)
            {
                this.rows = rows;
                this.device = device;
                this.random = random;
            }

            public IEnumerable<(DataTensors Data, BatchRows Batch)> Epoch()
            {
                var batches = rows.stream.ShuffledBatches(rows.batchSize, rows.bufferRows, random).Select(Tensors);
                foreach (var tensors in ReadAhead.Of(batches, Depth, discard: t => t.Dispose()))
                    using (tensors)
                        yield return (tensors, BatchRows.Shared(Enumerable.Range(0, tensors.RowCount).Select(i => (long)i).ToArray(), tensors.Labels.Length));
            }

            public IEnumerable<DataTensors> Chunks(int size)
            {
                foreach (var tensors in ReadAhead.Of(rows.stream.Chunks(size).Select(Tensors), Depth, discard: t => t.Dispose()))
                    using (tensors)
                        yield return tensors;
            }

            // On the reading thread: the training thread then only indexes and disposes them.
            private DataTensors Tensors(TrainingData batch) => new DataTensors(batch.Standardized(rows.scalings), device);

            public void Dispose()
            {
            }
        }
    }
}
