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

        internal LossWeightingInputs(long step, IReadOnlyList<double> losses, Func<IReadOnlyList<double>> gradientNorms, int epoch = 0,
            Func<torch.Tensor> taskGradients = null)
        {
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
