using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
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
            Features = Native(data.Features, data.RowCount, data.FeatureCount).to(device);
            var exampleWeights = data.Weights == null ? null : Native(data.Weights, data.RowCount, 1).view(data.RowCount).to(device);
            Labels = data.Labels.Select(l => Native(l.Values, data.RowCount, l.Width).to(device)).ToArray();
            RowWeights = data.Labels.Select(l =>
            {
                var mask = Native(l.Mask, data.RowCount, 1).view(data.RowCount).to(device);
                return exampleWeights is null ? mask : mask * exampleWeights;
            }).ToArray();
            Features.MoveToOuterDisposeScope();
            foreach (var t in Labels.Concat(RowWeights))
                t.MoveToOuterDisposeScope();
        }

        // The first rows x width values of `values` as a new native tensor. Not torch.tensor(float[]): that clones the array on
        // the managed heap and pins the clone for the tensor's life, so every streamed batch of 256 x 100 features was a
        // large-object allocation (88 MB per epoch of the streaming benchmark) held pinned until its step was done.
        private static Tensor Native(float[] values, int rows, int width)
        {
            var tensor = torch.empty(new long[] { rows, width }, ScalarType.Float32);
            // Spans address at most 2^31 bytes: copy row ranges of up to 256 M values.
            int rowsPerCopy = Math.Max(1, (1 << 28) / Math.Max(width, 1));
            for (int start = 0; start < rows; start += rowsPerCopy)
            {
                int count = Math.Min(rowsPerCopy, rows - start);
                using var part = tensor.narrow(0, start, count);
                values.AsSpan((int)((long)start * width), count * width).CopyTo(MemoryMarshal.Cast<byte, float>(part.bytes));
            }
            return tensor;
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
