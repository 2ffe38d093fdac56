using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Gradients;

namespace MultiTask.MLNet
{
    /// <summary>
    /// A weighting that learns one number s_k per task, trained with Adam at the trainer's learning rate on the same
    /// objective as the network: the loss weight is a function of s_k, and s_k follows the objective's derivative.
    /// Uncertainty weighting and IMTL-L are two such objectives.
    /// </summary>
    public abstract class LearnedScaleWeighting : ILossWeighting
    {
        private LossWeightingContext context;
        private ParameterAdam optimizer;
        private double[] scales;

        /// <summary>The value every s_k starts from.</summary>
        protected abstract double InitialScale { get; }

        /// <summary>The loss weight that s gives a task's loss.</summary>
        protected abstract double WeightOf(double scale);

        /// <summary>The derivative of the objective with respect to s at a task loss.</summary>
        protected abstract double ScaleGradient(double scale, double loss);

        /// <summary>The current s_k, per task (for inspection; null before the first Fit).</summary>
        public IReadOnlyList<double> Scales => scales;

        /// <inheritdoc/>
        public bool NeedsGradientNorms => false;

        /// <inheritdoc/>
        public void Reset(LossWeightingContext context)
        {
            this.context = context;
            scales = Enumerable.Repeat(InitialScale, context.TaskCount).ToArray();
            optimizer = new ParameterAdam(context.TaskCount, context.LearningRate);
        }

        /// <inheritdoc/>
        /// <remarks>The weights use s before this step's update, as the network's own gradient does.</remarks>
        public IReadOnlyList<float> Weights(LossWeightingInputs inputs)
        {
            var weights = scales.Select((s, k) => (float)(context.TaskWeights[k] * WeightOf(s))).ToArray();
            optimizer.Step(scales, scales.Select((s, k) => context.TaskWeights[k] * ScaleGradient(s, inputs.Losses[k])).ToArray());
            return weights;
        }
    }
}
