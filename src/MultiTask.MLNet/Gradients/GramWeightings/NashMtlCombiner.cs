using System;
using System.Linq;
using MultiTask.MLNet.Gradients;
using MultiTask.MLNet.Gradients.Solvers;

namespace MultiTask.MLNet
{
    /// <summary>
    /// Nash-MTL (Navon et al., "Multi-Task Learning as a Bargaining Game", ICML 2022): the update is the Nash bargaining
    /// solution among the tasks, <c>d = sum_k a_k g_k</c> with <c>a &gt; 0</c> solving <c>a_k (G_n a)_k = 1</c> for every task,
    /// G_n the Gram matrix divided by its Frobenius norm; then d is scaled down to norm <see cref="MaxNorm"/> if longer
    /// (the reference clips the shared gradient; here each block, all of it with <see cref="GradientScope.WholeVector"/>).
    /// </summary>
    /// <remarks>
    /// The reference approximates the solution by up to 20 convex sub-problems in cvxpy and silently keeps the last
    /// iterate when the solver fails. Here the equation is solved by Newton's method in double precision until
    /// <c>max_k |a_k (G_n a)_k - 1| &lt; 1e-10</c>. A task whose gradient is zero gets weight 0 and the others are solved
    /// alone. A step whose equation has no positive solution (two exactly opposite gradients, as at a Pareto-stationary
    /// point of two tasks) keeps the block's previous weights, as the reference does, and counts as a conflict in
    /// <see cref="EpochRecord.GradientConflicts"/>; on a block's first step it stops training with an error naming the
    /// tasks' Gram matrix. State: each block's last weights, cleared by <see cref="Reset"/>.
    /// </remarks>
    public sealed class NashMtlCombiner : GramWeightingCombiner
    {
        /// <summary>Largest norm of the update per block; longer updates are scaled down. Default 1 (the reference); 0 disables the clipping; range [0, inf).</summary>
        public double MaxNorm { get; }

        /// <param name="maxNorm">See <see cref="MaxNorm"/>.</param>
        public NashMtlCombiner(double maxNorm = 1)
        {
            if (!(maxNorm >= 0) || double.IsInfinity(maxNorm))
                throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "Nash-MTL's MaxNorm must be a finite number >= 0 (0: no clipping).");
            MaxNorm = maxNorm;
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
        {
            var weights = solutions.Solve(block, gram, 1, normalize: true, "Nash-MTL", Context);
            double norm = Math.Sqrt(Math.Max(Gram.Quadratic(gram, weights), 0));
            if (MaxNorm > 0 && norm > MaxNorm)
                weights = weights.Select(w => w * MaxNorm / norm).ToArray();
            return weights;
        }
    }
}
