using System.Collections.Generic;
using System.Linq;
using MathNet.Numerics.Distributions;
using MultiTask.MLNet.Gradients;

namespace MultiTask.MLNet
{
    /// <summary>
    /// Random loss weighting, RLW (Lin et al., "Reasonable Effectiveness of Random Weighting: A Litmus Test for Multi-Task
    /// Learning", TMLR 2022): every step draws K standard normal numbers and weights the losses by their softmax (summing
    /// to 1), times each task's <see cref="TaskSpec.Weight"/>. The draws come from the trainer's seed. No parameters.
    /// </summary>
    public sealed class RandomLossWeighting : ILossWeighting
    {
        private LossWeightingContext context;

        /// <inheritdoc/>
        public bool NeedsGradientNorms => false;

        /// <inheritdoc/>
        public void Reset(LossWeightingContext context) => this.context = context;

        /// <inheritdoc/>
        public IReadOnlyList<float> Weights(LossWeightingInputs inputs)
        {
            var draws = Enumerable.Range(0, context.TaskCount).Select(_ => Normal.Sample(context.Random, 0, 1)).ToArray();
            return Softmax.Of(draws).Select((w, k) => (float)(context.TaskWeights[k] * w)).ToArray();
        }
    }
}
