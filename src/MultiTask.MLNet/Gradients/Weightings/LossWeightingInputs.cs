using System;
using System.Collections.Generic;
using TorchSharp;

namespace MultiTask.MLNet.Gradients
{
    /// <summary>What one step tells a loss weighting.</summary>
    public sealed class LossWeightingInputs
    {
        private readonly Func<IReadOnlyList<double>> gradientNorms;
        private IReadOnlyList<double> norms;
        private readonly Func<torch.Tensor> taskGradients;
        private torch.Tensor gradients;

        /// <summary>What one step of a training loop of your own tells a weighting (the trainer makes its own).</summary>
        /// <param name="step">0-based index of the step, >= 0.</param>
        /// <param name="losses">Each task's (unweighted) loss on the step's batch, >= 0.</param>
        /// <param name="gradientNorms">Computes each task's gradient norm on the last shared layer, when a weighting asks; may be null.</param>
        /// <param name="epoch">0-based index of the epoch the step belongs to, >= 0.</param>
        /// <param name="taskGradients">Computes the [K, P] task gradients on the shared parameters, when a weighting asks; may be null.</param>
        public LossWeightingInputs(long step, IReadOnlyList<double> losses, Func<IReadOnlyList<double>> gradientNorms, int epoch = 0,
            Func<torch.Tensor> taskGradients = null)
        {
            if (step < 0 || epoch < 0)
                throw new ArgumentOutOfRangeException(step < 0 ? nameof(step) : nameof(epoch), "Steps and epochs count from 0.");
            if (losses == null || losses.Count == 0)
                throw new ArgumentException("One loss per task is required.", nameof(losses));
            // Every loss the trainer computes is >= 0 (NaN, when training diverges, is left to its divergence check); the
            // weightings' ratios and logarithms are meaningless for a negative loss of one's own.
            for (int k = 0; k < losses.Count; k++)
                if (losses[k] < 0)
                    throw new ArgumentOutOfRangeException(nameof(losses), $"Task {k}'s loss is {losses[k]}; the loss weightings are defined for losses >= 0.");
            this.taskGradients = taskGradients;
            Step = step;
            Epoch = epoch;
            Losses = losses;
            this.gradientNorms = gradientNorms;
        }

        /// <summary>0-based index of the step within the Fit.</summary>
        public long Step { get; }

        /// <summary>0-based index of the epoch the step belongs to.</summary>
        public int Epoch { get; }

        /// <summary>Each task's (unweighted) loss on this step's batch.</summary>
        public IReadOnlyList<double> Losses { get; }

        /// <summary>
        /// Each task's gradient norm on the last shared layer's weight, |d L_k / d W|; computed on first use
        /// (only for weightings with <see cref="ILossWeighting.NeedsGradientNorms"/>).
        /// </summary>
        public IReadOnlyList<double> GradientNorms => norms ??= gradientNorms?.Invoke()
            ?? throw new InvalidOperationException("Gradient norms are available only to weightings that declare NeedsGradientNorms.");

        /// <summary>
        /// [K, P]: row k is task k's gradient on the shared parameters, all of them as one vector (on the shared
        /// representation when the trainer combines gradients there); computed on first use, within the step (only for
        /// weightings with <see cref="ILossWeighting.NeedsTaskGradients"/>).
        /// </summary>
        public torch.Tensor TaskGradients => gradients ??= taskGradients?.Invoke()
            ?? throw new InvalidOperationException("Task gradients are available only to weightings that declare NeedsTaskGradients.");
    }
}
