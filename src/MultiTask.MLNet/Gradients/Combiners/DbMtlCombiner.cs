using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Gradients;
using MultiTask.MLNet.Runtime;
using TorchSharp;

namespace MultiTask.MLNet
{
    /// <summary>
    /// DB-MTL (Lin et al., "Dual-Balancing for Multi-Task Learning", arXiv 2308.12029): balances the losses' scales by
    /// taking gradients of <c>log L_k</c> (<c>g_k / (L_k + 1e-8)</c>), keeps an exponential moving average m_k of them
    /// (<c>m_k = b m_k + (1 - b) g_k / (L_k + 1e-8)</c>, <c>b = Beta / t^BetaSigma</c>, m starting at 0 without bias
    /// correction), and balances the gradients' magnitudes: <c>d = sum_k (max_j |m_j| / (|m_k| + 1e-8)) m_k</c>, every term
    /// with the norm of the largest. State: m per block and the step count, reset every Fit (native memory freed after it).
    /// </summary>
    public sealed class DbMtlCombiner : IGradientCombiner, IDisposable
    {
        private readonly BlockTensors averages = new BlockTensors();
        private readonly Dictionary<int, int> steps = new Dictionary<int, int>();
        private GradientCombinerContext context;

        /// <summary>Moving-average factor b of the log-loss gradients. Default 0.9 (LibMTL); range [0, 1).</summary>
        public double Beta { get; }

        /// <summary>Decay of the factor over steps (b = Beta / t^BetaSigma). Default 0 (LibMTL); range [0, 10].</summary>
        public double BetaSigma { get; }

        /// <param name="beta">See <see cref="Beta"/>.</param>
        /// <param name="betaSigma">See <see cref="BetaSigma"/>.</param>
        public DbMtlCombiner(double beta = 0.9, double betaSigma = 0)
        {
            if (!(beta >= 0 && beta < 1))
                throw new ArgumentOutOfRangeException(nameof(beta), beta, "DB-MTL's beta must be in [0, 1).");
            if (!(betaSigma >= 0 && betaSigma <= 10))
                throw new ArgumentOutOfRangeException(nameof(betaSigma), betaSigma, "DB-MTL's beta sigma must be in [0, 10].");
            Beta = beta;
            BetaSigma = betaSigma;
        }

        /// <inheritdoc/>
        public void Reset(GradientCombinerContext context)
        {
            this.context = context;
            Dispose();
        }

        /// <summary>Frees the moving averages (native memory); the trainer calls it after every Fit. The combiner stays usable.</summary>
        public void Dispose()
        {
            averages.Dispose();
            steps.Clear();
        }

        /// <inheritdoc/>
        public torch.Tensor Combine(int block, torch.Tensor taskGradients)
        {
            int t = steps[block] = steps.TryGetValue(block, out var previous) ? previous + 1 : 1;
            double b = Beta / Math.Pow(t, BetaSigma);
            var scales = context.TaskLosses.Select((l, k) => (float)(context.TaskWeights[k] / (l + 1e-8))).ToArray();
            var logGradients = torch.tensor(scales, new long[] { scales.Length, 1 }).to_type(taskGradients.dtype).to(taskGradients.device) * taskGradients;
            var m = averages.Set(block, averages.TryGet(block, out var m0) ? m0.Times(b).Plus(logGradients.Times(1 - b)) : logGradients.Times(1 - b));
            var norms = m.norm(1, keepdim: true);
            var largest = norms.max();
            return m.mul(largest.div(norms.PlusConstant(1e-8))).sum(dim: 0);
        }
    }
}
