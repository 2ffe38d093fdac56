using System;
using System.Collections.Generic;
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

        private readonly Dictionary<IReadOnlyList<int>, (Tensor Labels, Tensor RowWeights)> stacked = new Dictionary<IReadOnlyList<int>, (Tensor, Tensor)>();

        public int RowCount { get; }
        public Tensor Features { get; }
        public Tensor[] Labels { get; }
        public Tensor[] RowWeights { get; }

        /// <summary>Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> as views (no copy); disposing them leaves these tensors alone.</summary>
        public DataTensors Narrow(int start, int length)
            => new DataTensors(length, Features.narrow(0, start, length), Labels.Select(l => l.narrow(0, start, length)).ToArray(),
                RowWeights.Select(w => w.narrow(0, start, length)).ToArray());

        /// <summary>
        /// The labels of <paramref name="tasks"/> side by side ([n, sum of widths]) and their row weights ([n, tasks]), made
        /// on first use and kept (keyed by the list instance), so that a step can gather them with one index each.
        /// </summary>
        public (Tensor Labels, Tensor RowWeights) Stacked(IReadOnlyList<int> tasks)
        {
            if (stacked.TryGetValue(tasks, out var pair))
                return pair;
            using var scope = torch.NewDisposeScope();
            pair = (torch.cat(tasks.Select(k => Labels[k]).ToList(), 1), torch.stack(tasks.Select(k => RowWeights[k]).ToList(), 1));
            // Kept past the step that asked first (which runs inside a dispose scope of its own): owned here.
            pair.Labels.DetachFromDisposeScope();
            pair.RowWeights.DetachFromDisposeScope();
            stacked.Add(tasks, pair);
            return pair;
        }

        public void Dispose()
        {
            Features.Dispose();
            foreach (var t in Labels.Concat(RowWeights).Concat(stacked.Values.SelectMany(p => new[] { p.Labels, p.RowWeights })))
                t.Dispose();
        }
    }
}
