using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Gradients;

namespace MultiTask.MLNet
{
    /// <summary>
    /// Smooth Tchebycheff scalarisation, STCH (Lin et al., "Smooth Tchebycheff Scalarization for Multi-Objective
    /// Optimization", ICML 2024), as its multi-task code runs it (LibMTL): for the first <see cref="WarmupEpochs"/> + 1
    /// epochs the objective is <c>sum_k log L_k</c>, and the mean losses of the last of them become the nadir n; after them
    /// the objective is <c>K mu log sum_k exp((log(L_k / n_k) - max) / mu)</c>, a smooth maximum of the normalised log losses
    /// that favours the worst task more as mu shrinks. As weights (the objective's derivative in L_k):
    /// <c>1 / L_k</c> during the warm-up, then <c>K softmax_k / L_k</c>; 1e-20 guards the logarithms.
    /// </summary>
    public sealed class StchWeighting : ILossWeighting
    {
        private const double Guard = 1e-20;
        private LossWeightingContext context;
        private double[] nadirSums, nadir;
        private int nadirCount;

        /// <summary>The smoothing mu. Default 1 (LibMTL); range (0, 1e3].</summary>
        public double Mu { get; }

        /// <summary>Epochs of plain log-loss training before the epoch that measures the nadir. Default 4 (LibMTL); range [0, 1000].</summary>
        public int WarmupEpochs { get; }

        /// <param name="mu">See <see cref="Mu"/>.</param>
        /// <param name="warmupEpochs">See <see cref="WarmupEpochs"/>.</param>
        public StchWeighting(double mu = 1, int warmupEpochs = 4)
        {
            if (!(mu > 0 && mu <= 1e3))
                throw new ArgumentOutOfRangeException(nameof(mu), mu, "STCH's mu must be in (0, 1000].");
            if (warmupEpochs < 0 || warmupEpochs > 1000)
                throw new ArgumentOutOfRangeException(nameof(warmupEpochs), warmupEpochs, "STCH's warm-up must be in [0, 1000] epochs.");
            Mu = mu;
            WarmupEpochs = warmupEpochs;
        }

        /// <inheritdoc/>
        public bool NeedsGradientNorms => false;

        /// <inheritdoc/>
        public void Reset(LossWeightingContext context)
        {
            this.context = context;
            nadirSums = new double[context.TaskCount];
            nadirCount = 0;
            nadir = null;
        }

        /// <inheritdoc/>
        public IReadOnlyList<float> Weights(LossWeightingInputs inputs)
        {
            var losses = inputs.Losses;
            if (inputs.Epoch <= WarmupEpochs)
            {
                if (inputs.Epoch == WarmupEpochs)
                {
                    for (int k = 0; k < losses.Count; k++)
                        nadirSums[k] += losses[k];
                    nadirCount++;
                }
                return losses.Select((l, k) => (float)(context.TaskWeights[k] / (l + Guard))).ToArray();
            }
            nadir ??= nadirSums.Select(s => s / nadirCount).ToArray(); // epoch WarmupEpochs had at least one step
            var normalized = losses.Select((l, k) => Math.Log(l / nadir[k] + Guard) / Mu).ToArray();
            var shares = Softmax.Of(normalized);
            return losses.Select((l, k) => (float)(context.TaskWeights[k] * losses.Count * shares[k] / (l + Guard * nadir[k]))).ToArray();
        }
    }
}
