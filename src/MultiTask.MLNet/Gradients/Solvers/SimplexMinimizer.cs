using System;
using System.Linq;

namespace MultiTask.MLNet.Gradients.Solvers
{
    /// <summary>
    /// Minimises a smooth convex function of K weights over the simplex {w &gt;= 0, sum w = 1}: accelerated projected
    /// gradient (FISTA) with a step adapted to the local curvature and gradient-based adaptive restart, in double
    /// precision and deterministic. It stops when the Frank-Wolfe gap (an upper bound on f(w) - min f) is below
    /// <c>tolerance x scale</c>.
    /// </summary>
    /// <remarks>
    /// Every decision reads gradients, never function values: near the optimum f changes by less than its own rounding
    /// error, which would stall a method that compares values. Hand-written because the problems have K variables
    /// (K = task count) and one constraint set: MathNet has no constrained optimiser, and an LP/QP package (OR-Tools)
    /// would add a native dependency for a few dozen lines.
    /// </remarks>
    internal static class SimplexMinimizer
    {
        public const int MaxIterations = 1_000_000;

        /// <param name="gradient">The gradient of f at w.</param>
        /// <param name="k">Number of weights.</param>
        /// <param name="lipschitz">An estimate of the gradient's Lipschitz constant (the curvature of f), the first step's 1/step.</param>
        /// <param name="scale">The problem's scale (for example trace G): the gap is compared with tolerance x scale.</param>
        /// <param name="tolerance">Relative gap at which to stop.</param>
        /// <param name="method">The method's name, for the error when it does not converge.</param>
        public static double[] Minimize(Func<double[], double[]> gradient, int k, double lipschitz, double scale, double tolerance, string method)
        {
            var w = Enumerable.Repeat(1.0 / k, k).ToArray();
            if (k == 1 || !(scale > 0) || !(lipschitz > 0))
                return w;
            double curvature = lipschitz, t = 1, gap = double.NaN;
            var y = (double[])w.Clone();
            var gw = gradient(w);
            var gy = gw;
            for (int iteration = 0; iteration < MaxIterations; iteration++)
            {
                gap = FrankWolfeGap(w, gw);
                if (gap <= tolerance * scale)
                    return w;
                var (next, gNext) = Step(gradient, y, gy, ref curvature);
                // Restart the momentum when it points uphill (O'Donoghue & Candes, 2015), with a plain projected-gradient
                // step from w, which always descends. The gradient is centred first: on the simplex the step sums to 0,
                // and its rounding residue times a large common gradient would otherwise look uphill near the optimum.
                double mean = 0, uphill = 0;
                for (int i = 0; i < k; i++)
                    mean += gy[i] / k;
                for (int i = 0; i < k; i++)
                    uphill += (gy[i] - mean) * (next[i] - w[i]);
                if (uphill > 0)
                {
                    (w, gw) = Step(gradient, w, gw, ref curvature);
                    y = w;
                    gy = gw;
                    t = 1;
                    continue;
                }
                double tNext = (1 + Math.Sqrt(1 + 4 * t * t)) / 2, momentum = (t - 1) / tNext;
                y = new double[k];
                for (int i = 0; i < k; i++)
                    y[i] = next[i] + momentum * (next[i] - w[i]);
                gy = momentum == 0 ? gNext : gradient(y);
                w = next;
                gw = gNext;
                t = tNext;
            }
            throw new InvalidOperationException(
                $"{method}: the weight solver did not converge in {MaxIterations} iterations (Frank-Wolfe gap {gap:G3}, " +
                $"tolerance {tolerance * scale:G3}). The task gradients may contain non-finite values.");
        }

        // A projected-gradient step from x with step 1/L, L the local curvature: L doubles until the gradient's change
        // over the step is at most L times its length (a test on gradients only), then may shrink for the next step.
        // Returns the new point and the gradient there.
        private static (double[] Point, double[] Gradient) Step(Func<double[], double[]> gradient, double[] x, double[] gx, ref double curvature)
        {
            int k = x.Length;
            var moved = new double[k];
            while (true)
            {
                double step = 1 / curvature;
                for (int i = 0; i < k; i++)
                    moved[i] = x[i] - step * gx[i];
                var next = ProjectOntoSimplex(moved);
                var gn = gradient(next);
                double distance = 0, change = 0;
                for (int i = 0; i < k; i++)
                {
                    distance += (next[i] - x[i]) * (next[i] - x[i]);
                    change += (gn[i] - gx[i]) * (gn[i] - gx[i]);
                }
                if (Math.Sqrt(change) <= curvature * Math.Sqrt(distance) * (1 + 1e-9) || distance == 0 || curvature > 1e300)
                {
                    curvature *= 0.9;
                    return (next, gn);
                }
                curvature *= 2;
            }
        }

        /// <summary>max over vertices of the linearisation's decrease: grad . w - min_i grad_i (&gt;= f(w) - min f).</summary>
        public static double FrankWolfeGap(double[] w, double[] gradient)
            => w.Select((v, i) => v * gradient[i]).Sum() - gradient.Min();

        /// <summary>The Euclidean projection onto the simplex (sort-based, exact).</summary>
        public static double[] ProjectOntoSimplex(double[] v)
        {
            var sorted = (double[])v.Clone();
            Array.Sort(sorted);
            double cumulative = 0, theta = 0;
            for (int i = sorted.Length - 1, n = 1; i >= 0; i--, n++)
            {
                cumulative += sorted[i];
                double candidate = (cumulative - 1) / n;
                if (sorted[i] - candidate > 0)
                    theta = candidate;
            }
            var projected = new double[v.Length];
            for (int i = 0; i < v.Length; i++)
                projected[i] = Math.Max(v[i] - theta, 0);
            return projected;
        }
    }
}
