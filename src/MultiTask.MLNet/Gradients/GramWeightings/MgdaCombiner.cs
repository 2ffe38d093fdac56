using System;
using System.Linq;
using MultiTask.MLNet.Gradients;
using MultiTask.MLNet.Gradients.Solvers;

namespace MultiTask.MLNet
{
    /// <summary>
    /// MGDA (Sener &amp; Koltun, "Multi-Task Learning as Multi-Objective Optimization", NeurIPS 2018): the update is the
    /// minimum-norm point of the convex hull of the task gradients, <c>w = argmin over the simplex of w^T G w</c>, a
    /// direction that decreases every task's loss whenever one exists (a Pareto-stationary point gives d = 0).
    /// At <see cref="GradientLevel.Representation"/> it is MGDA-UB: the Gram matrix of the gradients with respect to the
    /// shared representation, all rows of the batch together (the paper's code), then one backward pass.
    /// </summary>
    /// <remarks>
    /// Solved to a relative Frank-Wolfe gap of <see cref="Tolerance"/> (an exact solve, where LibMTL and TorchJD stop
    /// after at most 250 or 100 iterations short of the point). No state.
    /// </remarks>
    public sealed class MgdaCombiner : GramWeightingCombiner
    {
        /// <summary>Relative optimality gap at which the solver stops (gap &lt;= Tolerance x trace G). Default 1e-10; range (0, 1e-2].</summary>
        public double Tolerance { get; }

        /// <param name="tolerance">See <see cref="Tolerance"/>.</param>
        public MgdaCombiner(double tolerance = 1e-10)
        {
            if (!(tolerance > 0 && tolerance <= 1e-2))
                throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "MGDA's solver tolerance must be in (0, 1e-2].");
            Tolerance = tolerance;
        }

        /// <inheritdoc/>
        public override double[] Weights(int block, double[,] gram) => MinimumNormPoint(gram, Tolerance);

        /// <summary>The simplex weights of the minimum-norm point of the hull (closed form for two tasks, as the paper's code).</summary>
        internal static double[] MinimumNormPoint(double[,] gram, double tolerance)
        {
            int k = gram.GetLength(0);
            if (k == 2)
            {
                double curvature = gram[0, 0] + gram[1, 1] - 2 * gram[0, 1];
                double gamma = curvature > 0 ? Math.Clamp((gram[1, 1] - gram[0, 1]) / curvature, 0, 1) : 0.5;
                return new[] { gamma, 1 - gamma };
            }
            return SimplexMinimizer.Minimize(w => Gram.Times(gram, w).Select(v => 2 * v).ToArray(),
                k, 2 * Gram.LargestEigenvalue(gram), Gram.Trace(gram), tolerance, nameof(MgdaCombiner));
        }
    }
}
