using System;
using System.Linq;

namespace MultiTask.MLNet.Gradients.Solvers
{
    /// <summary>
    /// Solves min_v v^T A v subject to v &gt;= lower, for a symmetric positive definite K x K matrix A, by exact
    /// coordinate descent (Gauss-Seidel with clamping), in double precision and deterministic. It stops when the KKT
    /// conditions hold to <c>tolerance x trace(A)</c>: (A v)_i = 0 where v_i &gt; lower_i, and (A v)_i &gt;= 0 where v_i = lower_i.
    /// </summary>
    /// <remarks>
    /// Hand-written for the same reason as <see cref="SimplexMinimizer"/>: K variables and simple bounds; each sweep
    /// costs K^2, and positive definiteness makes coordinate descent converge.
    /// </remarks>
    internal static class LowerBoundedQuadratic
    {
        public const int MaxSweeps = 100_000;

        public static double[] Minimize(double[,] a, double[] lower, double tolerance, string method)
        {
            int k = lower.Length;
            var v = (double[])lower.Clone();
            double scale = Enumerable.Range(0, k).Sum(i => a[i, i]);
            double violation = double.NaN;
            for (int sweep = 0; sweep < MaxSweeps; sweep++)
            {
                for (int i = 0; i < k; i++)
                {
                    double rest = 0;
                    for (int j = 0; j < k; j++)
                        if (j != i)
                            rest += a[i, j] * v[j];
                    v[i] = Math.Max(lower[i], -rest / a[i, i]);
                }
                violation = KktViolation(a, v, lower);
                if (violation <= tolerance * scale)
                    return v;
            }
            throw new InvalidOperationException(
                $"{method}: the quadratic program did not converge in {MaxSweeps} sweeps (KKT violation {violation:G3}). " +
                "The task gradients may contain non-finite values.");
        }

        private static double KktViolation(double[,] a, double[] v, double[] lower)
        {
            double worst = 0;
            for (int i = 0; i < v.Length; i++)
            {
                double gradient = 0;
                for (int j = 0; j < v.Length; j++)
                    gradient += 2 * a[i, j] * v[j];
                worst = Math.Max(worst, v[i] > lower[i] ? Math.Abs(gradient) : Math.Max(0, -gradient));
            }
            return worst;
        }
    }
}
