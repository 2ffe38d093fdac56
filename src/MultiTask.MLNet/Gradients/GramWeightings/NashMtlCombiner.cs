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
    /// alone; if the rest have no solution (for example two exactly opposite gradients) training stops with an error
    /// naming the tasks' Gram matrix. No state.
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

        /// <inheritdoc/>
        public override double[] Weights(int block, double[,] gram)
        {
            var weights = BargainingSolver.Weights(gram, 1, normalize: true, "Nash-MTL");
            double norm = Math.Sqrt(Math.Max(Gram.Quadratic(gram, weights), 0));
            if (MaxNorm > 0 && norm > MaxNorm)
                weights = weights.Select(w => w * MaxNorm / norm).ToArray();
            return weights;
        }
    }
}
