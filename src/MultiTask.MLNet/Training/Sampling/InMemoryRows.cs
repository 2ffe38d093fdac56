using System;
using System.Collections.Generic;
using MultiTask.MLNet.Data;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Training.Sampling
{
    /// <summary>Rows copied into memory once and moved to the device whole; a <see cref="BatchSampler"/> picks each step's rows.</summary>
    internal sealed class InMemoryRows : IRowSource
    {
        private readonly TrainingData data;
        private readonly Func<TrainingData, Random, BatchSampler> sampler;

        /// <summary>The rows of <paramref name="data"/>; <paramref name="sampler"/> makes the sampler of the training epochs (not called for rows only validated on).</summary>
        public InMemoryRows(TrainingData data, Func<TrainingData, Random, BatchSampler> sampler)
        {
            this.data = data;
            this.sampler = sampler;
        }

        public IOpenRows Open(Device device, Random random) => new Opened(new DataTensors(data, device), new Lazy<BatchSampler>(() => sampler(data, random)));

        private sealed class Opened : IOpenRows
        {
            private readonly DataTensors tensors;
            private readonly Lazy<BatchSampler> sampler;

            public Opened(DataTensors tensors, Lazy<BatchSampler> sampler)
            {
                this.tensors = tensors;
                this.sampler = sampler;
            }

            public IEnumerable<(DataTensors Data, BatchRows Batch)> Epoch()
            {
                foreach (var batch in sampler.Value.Epoch())
                    yield return (tensors, batch);
            }

            public IEnumerable<DataTensors> Chunks(int rows)
            {
                for (int start = 0; start < tensors.RowCount; start += rows)
                {
                    using var chunk = tensors.Narrow(start, Math.Min(rows, tensors.RowCount - start));
                    yield return chunk;
                }
            }

            public void Dispose() => tensors.Dispose();
        }
    }
}
