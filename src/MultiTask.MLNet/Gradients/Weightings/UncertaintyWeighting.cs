using System;

namespace MultiTask.MLNet
{
    /// <summary>
    /// Uncertainty weighting, UW (Kendall, Gal &amp; Cipolla, "Multi-Task Learning Using Uncertainty to Weigh Losses for
    /// Scene Geometry and Semantics", CVPR 2018): each task learns a log-variance s_k and the objective is
    /// <c>sum_k (L_k e^(-s_k) + s_k) / 2</c>, so the loss weight is <c>e^(-s_k) / 2</c> and s_k moves toward log L_k (where the
    /// objective's derivative <c>(1 - L_k e^(-s_k)) / 2</c> vanishes). s is learned with Adam at the trainer's learning rate.
    /// </summary>
    public sealed class UncertaintyWeighting : LearnedScaleWeighting
    {
        /// <summary>The initial log-variance. Default -0.5 (LibMTL; TorchJD starts at 0); range [-10, 10].</summary>
        public double InitialLogVariance { get; }

        /// <param name="initialLogVariance">See <see cref="InitialLogVariance"/>.</param>
        public UncertaintyWeighting(double initialLogVariance = -0.5)
        {
            if (!(initialLogVariance >= -10 && initialLogVariance <= 10))
                throw new ArgumentOutOfRangeException(nameof(initialLogVariance), initialLogVariance, "The initial log-variance must be in [-10, 10].");
            InitialLogVariance = initialLogVariance;
        }

        /// <inheritdoc/>
        protected override double InitialScale => InitialLogVariance;

        /// <inheritdoc/>
        protected override double WeightOf(double scale) => Math.Exp(-scale) / 2;

        /// <inheritdoc/>
        protected override double ScaleGradient(double scale, double loss) => (1 - loss * Math.Exp(-scale)) / 2;
    }
}
