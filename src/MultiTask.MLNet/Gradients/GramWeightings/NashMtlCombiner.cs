using System;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using MultiTask.MLNet.Gradients;

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
    /// iterate when the solver fails. Here the equation is solved exactly: it is the stationarity condition of the
    /// strictly convex <c>a^T G_n a / 2 - sum_k log a_k</c>, minimised by Newton steps (damped to keep a &gt; 0 and shrink the residual) in double precision until
    /// <c>max_k |a_k (G_n a)_k - 1| &lt; 1e-10</c>. A task whose gradient is zero gets weight 0 and the others are solved
    /// alone; if the rest have no solution (for example two exactly opposite gradients) training stops with an error
    /// naming the tasks' Gram matrix. No state.
    /// </remarks>
    public sealed class NashMtlCombiner : GramWeightingCombiner
    {
        private const double Tolerance = 1e-10;
        private const int MaxIterations = 200;

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
            int k = gram.GetLength(0);
            var active = Enumerable.Range(0, k).Where(i => gram[i, i] > 0).ToArray();
            var weights = new double[k];
            if (active.Length == 0)
                return weights;
            var sub = Matrix<double>.Build.Dense(active.Length, active.Length, (i, j) => gram[active[i], active[j]]);
            double frobenius = sub.FrobeniusNorm();
            var alpha = Solve(sub / frobenius);
            for (int i = 0; i < active.Length; i++)
                weights[active[i]] = alpha[i];
            double norm = Math.Sqrt(Math.Max(Gram.Quadratic(gram, weights), 0));
            if (MaxNorm > 0 && norm > MaxNorm)
                weights = weights.Select(w => w * MaxNorm / norm).ToArray();
            return weights;
        }

        /// <summary>The a &gt; 0 with a_k (G a)_k = 1 for every k (G normalised, positive diagonal).</summary>
        internal static double[] Solve(Matrix<double> g)
        {
            int k = g.RowCount;
            var a = Vector<double>.Build.Dense(k, i => 1 / Math.Sqrt(g[i, i]));
            for (int iteration = 0; iteration < MaxIterations; iteration++)
            {
                var ga = g * a;
                if (Enumerable.Range(0, k).All(i => Math.Abs(a[i] * ga[i] - 1) < Tolerance))
                    return a.ToArray();
                var gradient = ga - a.Map(v => 1 / v);
                var hessian = g + Matrix<double>.Build.DenseOfDiagonalArray(a.Select(v => 1 / (v * v)).ToArray());
                var step = -hessian.Cholesky().Solve(gradient);
                // Damping on the residual |grad| rather than on the objective, whose changes near the solution fall below
                // its rounding error: keep a > 0 and shrink the residual.
                double t = 1, residual = gradient.L2Norm();
                while (t > 1e-20 && (Enumerable.Range(0, k).Any(i => a[i] + t * step[i] <= 0) || Residual(g, a + t * step) > (1 - 1e-4 * t) * residual))
                    t /= 2;
                if (t <= 1e-20)
                    break;
                a += t * step;
            }
            throw new InvalidOperationException(
                $"Nash-MTL: the bargaining equation a_k (G a)_k = 1 has no solution for the normalised Gram matrix {g.ToMatrixString()}" +
                "(some task gradients cancel exactly), or it did not converge in 200 Newton steps.");
        }

        private static double Residual(Matrix<double> g, Vector<double> a) => (g * a - a.Map(v => 1 / v)).L2Norm();
    }
}
