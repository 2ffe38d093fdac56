using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Gradients;

namespace MultiTask.MLNet
{
    /// <summary>
    /// FAMO (Liu et al., "FAMO: Fast Adaptive Multitask Optimization", NeurIPS 2023): balances the tasks' rates of loss
    /// decrease in O(1) space and time. With logits xi (start 0), <c>z = softmax(xi)</c> and <c>D_k = L_k - b_k + 1e-8</c>
    /// (b the lower bounds, 0), the step's weights are <c>c z_k / D_k</c> with <c>c = 1 / sum_k (z_k / D_k)</c> (they sum to
    /// 1; the gradient of <c>c sum_k z_k log D_k</c>), times each task's <see cref="TaskSpec.Weight"/>. After the update the
    /// trainer recomputes the losses on the same batch (one more forward pass); with
    /// <c>delta_k = log D_k - log D'_k</c>, xi takes one Adam step (learning rate <see cref="LogitLearningRate"/>, L2 weight
    /// decay <see cref="WeightDecay"/>) along the softmax's Jacobian times delta, favouring the tasks that improved least.
    /// </summary>
    public sealed class FamoWeighting : ILossWeighting
    {
        private const double Guard = 1e-8;
        private LossWeightingContext context;
        private ParameterAdam optimizer;
        private double[] logits, lastLosses;

        /// <summary>Adam learning rate of the logits. Default 0.025 (the paper, LibMTL); range (0, 10].</summary>
        public double LogitLearningRate { get; }

        /// <summary>L2 weight decay of the logits. Default 1e-3 (LibMTL, TorchJD; the official code 1e-5); range [0, 1].</summary>
        public double WeightDecay { get; }

        /// <param name="logitLearningRate">See <see cref="LogitLearningRate"/>.</param>
        /// <param name="weightDecay">See <see cref="WeightDecay"/>.</param>
        public FamoWeighting(double logitLearningRate = 0.025, double weightDecay = 1e-3)
        {
            if (!(logitLearningRate > 0 && logitLearningRate <= 10))
                throw new ArgumentOutOfRangeException(nameof(logitLearningRate), logitLearningRate, "FAMO's logit learning rate must be in (0, 10].");
            if (!(weightDecay >= 0 && weightDecay <= 1))
                throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "FAMO's weight decay must be in [0, 1].");
            LogitLearningRate = logitLearningRate;
            WeightDecay = weightDecay;
        }

        /// <summary>The current task shares z = softmax(xi) (for inspection; null before the first Fit).</summary>
        public IReadOnlyList<double> Shares => logits == null ? null : Softmax.Of(logits);

        /// <inheritdoc/>
        public bool NeedsGradientNorms => false;

        /// <inheritdoc/>
        public bool NeedsLossesAfterStep => true;

        /// <inheritdoc/>
        public void Reset(LossWeightingContext context)
        {
            this.context = context;
            logits = new double[context.TaskCount];
            optimizer = new ParameterAdam(context.TaskCount, LogitLearningRate, WeightDecay);
            lastLosses = null;
        }

        /// <inheritdoc/>
        public IReadOnlyList<float> Weights(LossWeightingInputs inputs)
        {
            lastLosses = inputs.Losses.ToArray();
            var z = Softmax.Of(logits);
            var shares = z.Select((v, k) => v / (lastLosses[k] + Guard)).ToArray();
            double c = 1 / shares.Sum();
            return shares.Select((v, k) => (float)(context.TaskWeights[k] * c * v)).ToArray();
        }

        /// <inheritdoc/>
        public void AfterStep(IReadOnlyList<double> lossesAfterStep)
        {
            if (lastLosses == null)
                throw new InvalidOperationException("FAMO received losses after a step it did not weigh.");
            var delta = lastLosses.Select((l, k) => Math.Log(l + Guard) - Math.Log(lossesAfterStep[k] + Guard)).ToArray();
            var z = Softmax.Of(logits);
            double mean = z.Select((v, k) => v * delta[k]).Sum();
            optimizer.Step(logits, z.Select((v, k) => v * (delta[k] - mean)).ToArray());
        }
    }
}
