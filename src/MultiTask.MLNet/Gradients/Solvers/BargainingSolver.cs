using System;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;

namespace MultiTask.MLNet.Gradients.Solvers
{
    /// <summary>
    /// Solves <c>(G w)_k = w_k^(-1/alpha)</c> for w &gt; 0 (Nash-MTL at alpha = 1, FairGrad in general), G symmetric positive
    /// semi-definite with a positive diagonal. The equation is the stationarity condition of a strictly convex function
    /// (<c>w^T G w / 2 - sum_k log w_k</c> at alpha = 1, <c>w^T G w / 2 + alpha / (1 - alpha) sum_k w_k^((alpha - 1) / alpha)</c>
    /// otherwise), so Newton steps from the diagonal solution converge when a solution exists; they are damped to keep
    /// w &gt; 0 and to shrink the residual (not the objective, whose changes near the solution fall below its rounding).
    /// Stops when <c>max_k |w_k^(1/alpha) (G w)_k - 1| &lt; 1e-10</c>. No positive solution (some gradients cancel exactly),
    /// or none within 200 steps, is a result (null), not an error: training at a Pareto-stationary point meets it.
    /// </summary>
    internal static class BargainingSolver
    {
        private const double Tolerance = 1e-10;
        private const int MaxIterations = 200;

        /// <summary>
        /// The weights for every task: 0 for a task whose gradient is zero (no positive solution includes it), the solution
        /// for the others, on G divided by its Frobenius norm when <paramref name="normalize"/>; null when the others have
        /// no positive solution.
        /// </summary>
        public static double[] TryWeights(double[,] gram, double alpha, bool normalize)
        {
            int k = gram.GetLength(0);
            var active = Enumerable.Range(0, k).Where(i => gram[i, i] > 0).ToArray();
            var weights = new double[k];
            if (active.Length == 0)
                return weights;
            var sub = Matrix<double>.Build.Dense(active.Length, active.Length, (i, j) => gram[active[i], active[j]]);
            var solved = TrySolve(normalize ? sub / sub.FrobeniusNorm() : sub, alpha);
            if (solved == null)
                return null;
            for (int i = 0; i < active.Length; i++)
                weights[active[i]] = solved[i];
            return weights;
        }

        public static double[] TrySolve(Matrix<double> g, double alpha)
        {
            int k = g.RowCount;
            if (HullHoldsZero(g))
                return null;
            var w = Vector<double>.Build.Dense(k, i => Math.Pow(g[i, i], -alpha / (alpha + 1)));
            for (int iteration = 0; iteration < MaxIterations; iteration++)
            {
                var gw = g * w;
                if (Enumerable.Range(0, k).All(i => Math.Abs(Math.Pow(w[i], 1 / alpha) * gw[i] - 1) < Tolerance))
                    return w.ToArray();
                var residual = Residual(g, w, alpha);
                // A Hessian that is not positive definite comes from a Gram matrix that rounding made indefinite (gradients
                // that cancel to the last bit): no solution either.
                var hessian = TryCholesky(g + Matrix<double>.Build.DenseOfDiagonalArray(w.Select(v => Math.Pow(v, -1 / alpha - 1) / alpha).ToArray()));
                if (hessian == null)
                    return null;
                var step = -hessian.Solve(residual);
                double t = 1, size = residual.L2Norm();
                while (t > 1e-20 && (Enumerable.Range(0, k).Any(i => w[i] + t * step[i] <= 0) || Residual(g, w + t * step, alpha).L2Norm() > (1 - 1e-4 * t) * size))
                    t /= 2;
                if (t <= 1e-20)
                    return null;
                w += t * step;
            }
            return null;
        }

        /// <summary>Why <see cref="TryWeights"/> gave no weights, for an error naming the method and the Gram matrix.</summary>
        public static string NoSolution(double[,] gram, double alpha, string method)
            => $"{method}: the equation (G w)_k = w_k^(-1/{alpha}) has no positive solution for the Gram matrix\n{Matrix<double>.Build.DenseOfArray(gram).ToMatrixString()}" +
                $"(some task gradients cancel exactly), or it did not converge in {MaxIterations} Newton steps.";

        // A positive solution exists exactly when no convex combination of the gradients is zero (the objective is then
        // coercive on w > 0); when one is (to rounding: |sum w_k g_k|^2 <= 1e-12 max_k |g_k|^2), Newton's steps only run off
        // to infinity, and at a cost of up to 200 line searches, so say so at once. A positive definite G is cheap proof of
        // the former; only a (nearly) singular one needs the minimum-norm point.
        private static bool HullHoldsZero(Matrix<double> g)
        {
            double largest = Enumerable.Range(0, g.RowCount).Max(i => g[i, i]);
            var cholesky = TryCholesky(g);
            if (cholesky != null && cholesky.Factor.Diagonal().Minimum() > 1e-4 * Math.Sqrt(largest))
                return false;
            var w = Vector<double>.Build.DenseOfArray(SimplexMinimizer.Minimize(v => (2 * (g * Vector<double>.Build.DenseOfArray(v))).ToArray(),
                g.RowCount, 2 * largest, largest, 1e-14, "Nash bargaining"));
            return w * (g * w) <= 1e-12 * largest;
        }

        private static MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> TryCholesky(Matrix<double> g)
        {
            try
            {
                return g.Cholesky();
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        private static Vector<double> Residual(Matrix<double> g, Vector<double> w, double alpha) => g * w - w.Map(v => Math.Pow(v, -1 / alpha));
    }
}
