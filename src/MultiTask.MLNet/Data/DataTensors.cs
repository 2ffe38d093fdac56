using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Data
{
    /// <summary>
    /// <see cref="TrainingData"/> moved to the device once: features [n, d], per task labels [n, width] and
    /// row weights [n] (label mask times example weight). Owns its tensors.
    /// </summary>
    internal sealed class DataTensors : IDisposable
    {
        public DataTensors(TrainingData data, Device device)
        {
            RowCount = data.RowCount;
            using var scope = torch.NewDisposeScope();
            Features = torch.tensor(data.Features, new long[] { data.RowCount, data.FeatureCount }).to(device);
            var exampleWeights = data.Weights == null ? null : torch.tensor(data.Weights).to(device);
            Labels = data.Labels.Select(l => torch.tensor(l.Values, new long[] { data.RowCount, l.Width }).to(device)).ToArray();
            RowWeights = data.Labels.Select(l =>
            {
                var mask = torch.tensor(l.Mask).to(device);
                return exampleWeights is null ? mask : mask * exampleWeights;
            }).ToArray();
            Features.MoveToOuterDisposeScope();
            foreach (var t in Labels.Concat(RowWeights))
                t.MoveToOuterDisposeScope();
        }

        private DataTensors(int rowCount, Tensor features, Tensor[] labels, Tensor[] rowWeights)
        {
            RowCount = rowCount;
            Features = features;
            Labels = labels;
            RowWeights = rowWeights;
        }

        public int RowCount { get; }
        public Tensor Features { get; }
        public Tensor[] Labels { get; }
        public Tensor[] RowWeights { get; }

        /// <summary>Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> as views (no copy); disposing them leaves these tensors alone.</summary>
        public DataTensors Narrow(int start, int length)
            => new DataTensors(length, Features.narrow(0, start, length), Labels.Select(l => l.narrow(0, start, length)).ToArray(),
                RowWeights.Select(w => w.narrow(0, start, length)).ToArray());

        public void Dispose()
        {
            Features.Dispose();
            foreach (var t in Labels.Concat(RowWeights))
                t.Dispose();
        }
    }
}
