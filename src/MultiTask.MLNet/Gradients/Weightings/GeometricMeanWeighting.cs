using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Gradients;

namespace MultiTask.MLNet
{
    /// <summary>
    /// Minimises the geometric mean of the task losses, <c>L = exp(mean_k log L_k)</c> (seed 004), which is indifferent
    /// to each loss's scale. Its gradient is <c>sum_k (L / (K L_k)) grad L_k</c>, so it acts as the per-step weights
    /// <c>w_k = s_k L / (K L_k)</c>, with s_k the task's <see cref="TaskSpec.Weight"/> (1 by default: then the update is
    /// exactly the gradient of the geometric mean). A loss below 1e-12 counts as 1e-12.
    /// </summary>
    public sealed class GeometricMeanWeighting : ILossWeighting
    {
        private LossWeightingContext context;

        /// <inheritdoc/>
        public bool NeedsGradientNorms => false;

        /// <inheritdoc/>
        public void Reset(LossWeightingContext context) => this.context = context;

        /// <summary>The geometric mean of <paramref name="losses"/> (each clamped to at least 1e-12).</summary>
        public static double GeometricMean(IReadOnlyList<double> losses) => Math.Exp(losses.Average(l => Math.Log(Math.Max(l, 1e-12))));

        /// <inheritdoc/>
        public IReadOnlyList<float> Weights(LossWeightingInputs inputs)
        {
            double mean = GeometricMean(inputs.Losses);
            int k = inputs.Losses.Count;
            return inputs.Losses.Select((l, i) => (float)(context.TaskWeights[i] * mean / (k * Math.Max(l, 1e-12)))).ToArray();
        }
    }
}
