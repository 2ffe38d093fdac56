using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Model;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Training.Sampling
{
    /// <summary>
    /// Rows read from the IDataView on every pass (<see cref="RowStream"/>): each mini-batch is drawn through the shuffle
    /// buffer, standardised, moved to the device as a batch of its own, and dropped once its step is done.
    /// </summary>
    internal sealed class StreamedRows : IRowSource
    {
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
                foreach (var batch in rows.stream.ShuffledBatches(rows.batchSize, rows.bufferRows, random))
                {
                    using var tensors = new DataTensors(batch.Standardized(rows.scalings), device);
                    yield return (tensors, BatchRows.Shared(Enumerable.Range(0, batch.RowCount).Select(i => (long)i).ToArray(), batch.Labels.Count));
                }
            }

            public IEnumerable<DataTensors> Chunks(int size)
            {
                foreach (var chunk in rows.stream.Chunks(size))
                {
                    using var tensors = new DataTensors(chunk.Standardized(rows.scalings), device);
                    yield return tensors;
                }
            }

            public void Dispose()
            {
            }
        }
    }
}
