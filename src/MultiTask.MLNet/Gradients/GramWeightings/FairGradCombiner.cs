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
    /// there is no solution; here Newton's method solves it to a relative residual of 1e-10. A step with no positive
    /// solution (two exactly opposite gradients, as at a Pareto-stationary point of two tasks) keeps the block's previous
    /// weights and counts as a conflict in <see cref="EpochRecord.GradientConflicts"/>; on a block's first step it stops
    /// training with an error naming the Gram matrix. A task whose gradient is zero gets weight 0 (its weight would grow
    /// without bound, with no effect on the update). State: each block's last weights, cleared by <see cref="Reset"/>.
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

        private readonly BargainingWeights solutions = new BargainingWeights();

        /// <inheritdoc/>
        public override void Reset(GradientCombinerContext context)
        {
            base.Reset(context);
            solutions.Reset();
        }

        /// <inheritdoc/>
        public override double[] Weights(int block, double[,] gram)
            => solutions.Solve(block, gram, Alpha, normalize: false, nameof(FairGradCombiner), Context);
    }
}
