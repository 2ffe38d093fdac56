using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Gradients;

namespace MultiTask.MLNet
{
    /// <summary>
    /// GradNorm (Chen et al., ICML 2018): learns the loss weights so that the tasks' gradient norms on the last shared
    /// layer, <c>G_k = w_k |grad_W L_k|</c>, move toward <c>mean(G) r_k^alpha</c>, where <c>r_k</c> is task k's loss
    /// ratio <c>L_k / L_k(0)</c> relative to the mean ratio: a task that learns more slowly gets a larger weight. Each
    /// step takes one gradient step of <see cref="LearningRate"/> on <c>sum_k |G_k - target_k|</c> (targets held
    /// constant), then renormalises the weights to sum to K. They start at the tasks' fixed weights, rescaled to sum K.
    /// </summary>
    public sealed class GradNormWeighting : ILossWeighting
    {
        private double[] weights;
        private double[] initialLosses;

        /// <param name="alpha">Asymmetry: 0 equalises gradient norms, larger values favour slow tasks more; >= 0, default 1.5.</param>
        /// <param name="learningRate">Step size of the weight update, > 0; default 0.025.</param>
        public GradNormWeighting(double alpha = 1.5, double learningRate = 0.025)
        {
            if (!(alpha >= 0) || double.IsInfinity(alpha))
                throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "GradNorm's alpha must be a finite number >= 0.");
            if (!(learningRate > 0) || double.IsInfinity(learningRate))
                throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "GradNorm's learning rate must be a finite number > 0.");
            Alpha = alpha;
            LearningRate = learningRate;
        }

        /// <summary>The asymmetry hyper-parameter alpha.</summary>
        public double Alpha { get; }

        /// <summary>Step size of the weight update.</summary>
        public double LearningRate { get; }

        /// <inheritdoc/>
        public bool NeedsGradientNorms => true;

        /// <inheritdoc/>
        public void Reset(LossWeightingContext context)
        {
            double sum = context.TaskWeights.Sum();
            weights = context.TaskWeights.Select(w => sum > 0 ? w * context.TaskCount / sum : 1.0).ToArray();
            initialLosses = null;
        }

        /// <inheritdoc/>
        public IReadOnlyList<float> Weights(LossWeightingInputs inputs)
        {
            var current = weights.Select(w => (float)w).ToArray();
            initialLosses ??= inputs.Losses.Select(l => Math.Max(l, 1e-12)).ToArray();
            Update(inputs.Losses, inputs.GradientNorms);
            return current;
        }

        private void Update(IReadOnlyList<double> losses, IReadOnlyList<double> norms)
        {
            int k = weights.Length;
            var ratios = losses.Select((l, i) => l / initialLosses[i]).ToArray();
            double meanRatio = ratios.Average();
            var g = norms.Select((n, i) => weights[i] * n).ToArray();
            double meanG = g.Average();
            for (int i = 0; i < k; i++)
            {
                double target = meanG * Math.Pow(meanRatio > 0 ? ratios[i] / meanRatio : 1, Alpha);
                weights[i] = Math.Max(weights[i] - LearningRate * Math.Sign(g[i] - target) * norms[i], 1e-6);
            }
            double sum = weights.Sum();
            for (int i = 0; i < k; i++)
                weights[i] *= k / sum;
        }
    }
}
