using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Runtime;
using TorchSharp;

namespace MultiTask.MLNet.Training.Steps
{
    /// <summary>
    /// What the steps of one epoch measured: per-task loss sums and weights (accumulated on the device and read once,
    /// at the end of the epoch, so that no step waits for a value), and gradient cosines.
    /// </summary>
    internal sealed class EpochStatistics : IDisposable
    {
        private readonly torch.Tensor[] sums;
        private readonly torch.Tensor[] counts;
        private readonly torch.Tensor[] metricSums;
        private readonly List<(IReadOnlyList<int> Tasks, torch.Tensor Sums, torch.Tensor Counts)> groups = new List<(IReadOnlyList<int>, torch.Tensor, torch.Tensor)>();
        private double cosineSum;
        private int cosineSteps;
        private readonly double[] updateCosineSums;
        private readonly int[] updateCosineCounts;

        public EpochStatistics(int taskCount)
        {
            sums = new torch.Tensor[taskCount];
            counts = new torch.Tensor[taskCount];
            metricSums = new torch.Tensor[taskCount];
            updateCosineSums = new double[taskCount];
            updateCosineCounts = new int[taskCount];
        }

        /// <summary>Adds, per task, the cosine between a block's combined update ([P]) and the task's gradient (row of [K, P]).</summary>
        public void AddUpdate(torch.Tensor taskGradients, torch.Tensor combined)
        {
            using var scope = torch.NewDisposeScope();
            // One read per block: the K dot products, the K squared norms and |d|^2 (float precision is enough here).
            var values = torch.cat(new[] { taskGradients.matmul(combined), taskGradients.mul(taskGradients).sum(dim: 1), combined.dot(combined).unsqueeze(0) }, 0)
                .to(torch.float64).cpu().data<double>().ToArray();
            int k = (int)taskGradients.shape[0];
            double updateNorm = Math.Sqrt(values[2 * k]);
            for (int task = 0; task < k; task++)
            {
                double norms = Math.Sqrt(values[k + task]) * updateNorm;
                if (norms == 0)
                    continue;
                updateCosineSums[task] += values[task] / norms;
                updateCosineCounts[task]++;
            }
        }

        /// <summary>Per task, the mean cosine between update and task gradient (NaN where none was measured); null when no step measured one.</summary>
        public double[] UpdateCosines => updateCosineCounts.All(c => c == 0) ? null
            : updateCosineSums.Select((s, k) => updateCosineCounts[k] == 0 ? double.NaN : s / updateCosineCounts[k]).ToArray();

        public void AddLoss(int task, torch.Tensor sum, torch.Tensor count)
        {
            Accumulate(sums, task, sum);
            Accumulate(counts, task, count);
        }

        /// <summary>Adds a batch's weighted sum of task <paramref name="task"/>'s metric terms (its weights are the loss's).</summary>
        public void AddMetric(int task, torch.Tensor sum) => Accumulate(metricSums, task, sum);

        /// <summary>Per task, the weighted mean of its metric terms (NaN for a task without rows or terms); null when no metric was added.</summary>
        public double[] MeanMetricTerms()
        {
            if (metricSums.All(m => m is null))
                return null;
            var (_, count) = Totals();
            return metricSums.Select((m, k) => m is null || count[k] == 0 ? double.NaN : m.item<double>() / count[k]).ToArray();
        }

        /// <summary>Adds the loss sums and weights ([G] each) of a group of tasks computed together (keyed by the list instance).</summary>
        public void AddLosses(IReadOnlyList<int> tasks, torch.Tensor sums, torch.Tensor counts)
        {
            int index = groups.FindIndex(g => ReferenceEquals(g.Tasks, tasks));
            if (index < 0)
            {
                groups.Add((tasks, torch.zeros_like(sums, dtype: torch.float64).DetachFromDisposeScope(), torch.zeros_like(counts, dtype: torch.float64).DetachFromDisposeScope()));
                index = groups.Count - 1;
            }
            groups[index].Sums.AddInPlace(sums.detach());
            groups[index].Counts.AddInPlace(counts.detach());
        }

        /// <summary>Adds one step's Gram matrix of task gradients ([K, K]); its mean pairwise cosine enters the epoch mean.</summary>
        public void AddGram(torch.Tensor gram)
        {
            var g = gram.to(torch.float64).cpu().data<double>().ToArray();
            int k = (int)gram.shape[0];
            double total = 0;
            int pairs = 0;
            for (int i = 0; i < k; i++)
                for (int j = i + 1; j < k; j++)
                {
                    double norms = Math.Sqrt(g[i * k + i] * g[j * k + j]);
                    if (norms == 0)
                        continue;
                    total += g[i * k + j] / norms;
                    pairs++;
                }
            if (pairs == 0)
                return;
            cosineSum += total / pairs;
            cosineSteps++;
        }

        /// <summary>Mean loss per task over the labelled rows seen (NaN for a task with none).</summary>
        public double[] MeanLosses()
        {
            var (total, count) = Totals();
            return total.Select((s, k) => count[k] > 0 ? s / count[k] : double.NaN).ToArray();
        }

        /// <summary>The first task that saw labelled rows but whose loss is NaN or infinite (a diverged model); null when none.</summary>
        public int? NonFiniteTask()
        {
            var (total, count) = Totals();
            for (int k = 0; k < total.Length; k++)
                if (count[k] > 0 && !double.IsFinite(total[k] / count[k]))
                    return k;
            return null;
        }

        /// <summary>Mean over steps of the mean pairwise cosine between task gradients; null when none was measured.</summary>
        public double? MeanCosine => cosineSteps == 0 ? null : cosineSum / cosineSteps;

        public void Dispose()
        {
            foreach (var t in sums.Concat(counts).Concat(metricSums).Concat(groups.SelectMany(g => new[] { g.Sums, g.Counts })))
                t?.Dispose();
        }

        // Per task, the loss sum and weight of the epoch so far: its own totals plus its share of its group's.
        private (double[] Sums, double[] Counts) Totals()
        {
            var total = new double[sums.Length];
            var count = new double[sums.Length];
            for (int k = 0; k < sums.Length; k++)
                if (counts[k] is not null)
                {
                    total[k] += sums[k].item<double>();
                    count[k] += counts[k].item<double>();
                }
            foreach (var (tasks, groupSums, groupCounts) in groups)
            {
                using var scope = torch.NewDisposeScope();
                var s = groupSums.cpu().data<double>().ToArray();
                var c = groupCounts.cpu().data<double>().ToArray();
                for (int i = 0; i < tasks.Count; i++)
                {
                    total[tasks[i]] += s[i];
                    count[tasks[i]] += c[i];
                }
            }
            return (total, count);
        }

        // Sums on the tensor's device, outside every step's dispose scope: one in-place add per value, in double
        // precision so that an epoch of large but finite losses does not overflow into a false divergence.
        private static void Accumulate(torch.Tensor[] totals, int task, torch.Tensor value)
        {
            if (totals[task] is null)
                totals[task] = torch.zeros_like(value, dtype: torch.float64).DetachFromDisposeScope();
            totals[task].AddInPlace(value.detach());
        }
    }
}
