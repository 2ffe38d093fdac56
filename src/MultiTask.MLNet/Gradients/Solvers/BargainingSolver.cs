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
    /// Stops when <c>max_k |w_k^(1/alpha) (G w)_k - 1| &lt; 1e-10</c>; throws after 200 steps.
    /// </summary>
    internal static class BargainingSolver
    {
        private const double Tolerance = 1e-10;
        private const int MaxIterations = 200;

        /// <summary>
        /// The weights for every task: 0 for a task whose gradient is zero (no positive solution includes it), the solution
        /// for the others, on G divided by its Frobenius norm when <paramref name="normalize"/>.
        /// </summary>
        public static double[] Weights(double[,] gram, double alpha, bool normalize, string method)
        {
            int k = gram.GetLength(0);
            var active = Enumerable.Range(0, k).Where(i => gram[i, i] > 0).ToArray();
            var weights = new double[k];
            if (active.Length == 0)
                return weights;
            var sub = Matrix<double>.Build.Dense(active.Length, active.Length, (i, j) => gram[active[i], active[j]]);
            var solved = Solve(normalize ? sub / sub.FrobeniusNorm() : sub, alpha, method);
            for (int i = 0; i < active.Length; i++)
                weights[active[i]] = solved[i];
            return weights;
        }

        public static double[] Solve(Matrix<double> g, double alpha, string method)
        {
            int k = g.RowCount;
            var w = Vector<double>.Build.Dense(k, i => Math.Pow(g[i, i], -alpha / (alpha + 1)));
            for (int iteration = 0; iteration < MaxIterations; iteration++)
            {
                var gw = g * w;
                if (Enumerable.Range(0, k).All(i => Math.Abs(Math.Pow(w[i], 1 / alpha) * gw[i] - 1) < Tolerance))
                    return w.ToArray();
                var residual = Residual(g, w, alpha);
                var hessian = g + Matrix<double>.Build.DenseOfDiagonalArray(w.Select(v => Math.Pow(v, -1 / alpha - 1) / alpha).ToArray());
                var step = -hessian.Cholesky().Solve(residual);
                double t = 1, size = residual.L2Norm();
                while (t > 1e-20 && (Enumerable.Range(0, k).Any(i => w[i] + t * step[i] <= 0) || Residual(g, w + t * step, alpha).L2Norm() > (1 - 1e-4 * t) * size))
                    t /= 2;
                if (t <= 1e-20)
                    break;
                w += t * step;
            }
            throw new InvalidOperationException(
                $"{method}: the equation (G w)_k = w_k^(-1/{alpha}) has no positive solution for the Gram matrix\n{g.ToMatrixString()}" +
                $"(some task gradients cancel exactly), or it did not converge in {MaxIterations} Newton steps.");
        }

        private static Vector<double> Residual(Matrix<double> g, Vector<double> w, double alpha) => g * w - w.Map(v => Math.Pow(v, -1 / alpha));
    }
}
