using System.Collections.Generic;
using MultiTask.MLNet.Gradients;

namespace MultiTask.MLNet
{
    /// <summary>The tasks' own <see cref="TaskSpec.Weight"/>s at every step: the default when no weighting is set.</summary>
    public sealed class FixedWeighting : ILossWeighting
    {
        private IReadOnlyList<float> weights;

        /// <inheritdoc/>
        public bool NeedsGradientNorms => false;

        /// <summary>False: the weights are the tasks' own, at every step.</summary>
        public bool VariesWeights => false;

        /// <inheritdoc/>
        public void Reset(LossWeightingContext context) => weights = context.TaskWeights;

        /// <inheritdoc/>
        public IReadOnlyList<float> Weights(LossWeightingInputs inputs) => weights;
    }
}
