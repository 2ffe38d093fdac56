using System;
using MultiTask.MLNet.Gradients;
using MultiTask.MLNet.Gradients.Solvers;

namespace MultiTask.MLNet
{
    /// <summary>
    /// FairGrad (Ban &amp; Ji, "Fair Resource Allocation in Multi-Task Learning", ICML 2024): the update gives the tasks'
    /// loss decreases alpha-fairness: weights w &gt; 0 with <c>(G w)_k = w_k^(-1/alpha)</c> for every task. alpha = 1 is
    /// proportional fairness (Nash-MTL's equation on the raw Gram matrix); larger alpha moves towards max-min fairness.
    /// </summary>
    /// <remarks>
    /// The references solve the equation with scipy's least_squares at default tolerances from 1/K and stop anywhere when
    /// there is no solution; here Newton's method solves it to a relative residual of 1e-10 and training stops with an
    /// error when there is none (for example two exactly opposite gradients). A task whose gradient is zero gets weight 0
    /// (its weight would grow without bound, with no effect on the update). No state.
    /// </remarks>
    public sealed class FairGradCombiner : GramWeightingCombiner
    {
        /// <summary>The fairness parameter alpha. Default 1 (LibMTL); range (0, 100].</summary>
        public double Alpha { get; }

        /// <param name="alpha">See <see cref="Alpha"/>.</param>
        public FairGradCombiner(double alpha = 1)
        {
            if (!(alpha > 0 && alpha <= 100))
                throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "FairGrad's alpha must be in (0, 100].");
            Alpha = alpha;
        }

        /// <inheritdoc/>
        public override double[] Weights(int block, double[,] gram)
            => BargainingSolver.Weights(gram, Alpha, normalize: false, nameof(FairGradCombiner));
    }
}
