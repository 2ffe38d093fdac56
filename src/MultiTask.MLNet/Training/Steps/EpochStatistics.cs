using System.Linq;
using TorchSharp;

namespace MultiTask.MLNet.Training.Steps
{
    /// <summary>What the steps of one epoch measured: per-task loss sums and weights, and gradient cosines.</summary>
    internal sealed class EpochStatistics
    {
        private readonly double[] sums;
        private readonly double[] counts;
        private double cosineSum;
        private int cosineSteps;

        public EpochStatistics(int taskCount)
        {
            sums = new double[taskCount];
            counts = new double[taskCount];
        }

        public void AddLoss(int task, torch.Tensor sum, torch.Tensor count)
        {
            sums[task] += sum.item<float>();
            counts[task] += count.item<float>();
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
                    double norms = System.Math.Sqrt(g[i * k + i] * g[j * k + j]);
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
        public double[] MeanLosses() => sums.Select((s, k) => counts[k] > 0 ? s / counts[k] : double.NaN).ToArray();

        /// <summary>Mean over steps of the mean pairwise cosine between task gradients; null when none was measured.</summary>
        public double? MeanCosine => cosineSteps == 0 ? null : cosineSum / cosineSteps;
    }
}
