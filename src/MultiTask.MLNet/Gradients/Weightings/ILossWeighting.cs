using System.Collections.Generic;

namespace MultiTask.MLNet.Gradients
{
    /// <summary>
    /// Decides, at every step, the weight of each task's loss: the trunk then follows <c>sum_k w_k grad L_k</c>, or,
    /// with a gradient combiner, the combiner sees these weights as <see cref="GradientCombinerContext.TaskWeights"/>.
    /// Heads are trained on their own loss times the same weight.
    /// </summary>
    public interface ILossWeighting
    {
        /// <summary>Whether <see cref="Weights"/> needs each task's gradient norm on the last shared layer (costs one backward pass per task).</summary>
        bool NeedsGradientNorms { get; }

        /// <summary>
        /// Whether <see cref="Weights"/> reads <see cref="LossWeightingInputs.TaskGradients"/>, every task's gradient on the
        /// shared parameters (one backward pass per task). Default false.
        /// </summary>
        bool NeedsTaskGradients => false;

        /// <summary>
        /// Whether the weights change during training. False only for the fixed task weights: the trainer then reads no
        /// loss value per step, and rules that set the gradients' magnitudes themselves (RotoGrad) accept the weighting. Default true.
        /// </summary>
        bool VariesWeights => true;

        /// <summary>Called at the start of every Fit.</summary>
        void Reset(LossWeightingContext context);

        /// <summary>The task weights for this step.</summary>
        IReadOnlyList<float> Weights(LossWeightingInputs inputs);

        /// <summary>
        /// Whether the weighting learns from how the step changed the losses (FAMO): the trainer then recomputes the task
        /// losses on the same batch after the update (one more forward pass) and calls <see cref="AfterStep"/>. Default false.
        /// </summary>
        bool NeedsLossesAfterStep => false;

        /// <summary>The task losses on the step's batch after the update; called only when <see cref="NeedsLossesAfterStep"/>.</summary>
        void AfterStep(IReadOnlyList<double> lossesAfterStep) { }
    }
}
