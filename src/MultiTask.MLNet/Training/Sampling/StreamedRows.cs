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
        // Mini-batches read ahead of training on a background thread: enough to hide reading behind a step.
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
                var batches = rows.stream.ShuffledBatches(rows.batchSize, rows.bufferRows, random).Select(b => b.Standardized(rows.scalings));
                foreach (var batch in ReadAhead.Of(batches, Depth))
                {
                    using var tensors = new DataTensors(batch, device);
                    yield return (tensors, BatchRows.Shared(Enumerable.Range(0, batch.RowCount).Select(i => (long)i).ToArray(), batch.Labels.Count));
                }
            }

            public IEnumerable<DataTensors> Chunks(int size)
            {
                foreach (var chunk in ReadAhead.Of(rows.stream.Chunks(size).Select(c => c.Standardized(rows.scalings)), Depth))
                {
                    using var tensors = new DataTensors(chunk, device);
                    yield return tensors;
                }
            }

            public void Dispose()
            {
            }
        }
    }
}
