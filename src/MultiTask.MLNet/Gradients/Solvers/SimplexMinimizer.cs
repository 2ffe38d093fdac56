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
            for (int iteration = 0; iteration < MaxIterations; iteration++)
            {
                gap = FrankWolfeGap(w, gradient(w));
                if (gap <= tolerance * scale)
                    return w;
                var gy = gradient(y);
                var next = Step(gradient, y, gy, ref curvature);
                // Restart the momentum when it points uphill (O'Donoghue & Candes, 2015), with a plain projected-gradient
                // step from w, which always descends. The gradient is centred first: on the simplex the step sums to 0,
                // and its rounding residue times a large common gradient would otherwise look uphill near the optimum.
                double mean = gy.Average();
                if (gy.Select((g, i) => (g - mean) * (next[i] - w[i])).Sum() > 0)
                {
                    w = Step(gradient, w, gradient(w), ref curvature);
                    y = (double[])w.Clone();
                    t = 1;
                    continue;
                }
                double tNext = (1 + Math.Sqrt(1 + 4 * t * t)) / 2;
                y = next.Select((v, i) => v + (t - 1) / tNext * (v - w[i])).ToArray();
                w = next;
                t = tNext;
            }
            throw new InvalidOperationException(
                $"{method}: the weight solver did not converge in {MaxIterations} iterations (Frank-Wolfe gap {gap:G3}, " +
                $"tolerance {tolerance * scale:G3}). The task gradients may contain non-finite values.");
        }

        // A projected-gradient step from x with step 1/L, L the local curvature: L doubles until the gradient's change
        // over the step is at most L times its length (a test on gradients only), then may shrink for the next step.
        private static double[] Step(Func<double[], double[]> gradient, double[] x, double[] gx, ref double curvature)
        {
            while (true)
            {
                double step = 1 / curvature;
                var next = ProjectOntoSimplex(x.Select((v, i) => v - step * gx[i]).ToArray());
                var gn = gradient(next);
                double moved = Math.Sqrt(next.Select((v, i) => (v - x[i]) * (v - x[i])).Sum());
                double changed = Math.Sqrt(gn.Select((v, i) => (v - gx[i]) * (v - gx[i])).Sum());
                if (changed <= curvature * moved * (1 + 1e-9) || moved == 0 || curvature > 1e300)
                {
                    curvature *= 0.9;
                    return next;
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
            var sorted = v.OrderByDescending(x => x).ToArray();
            double cumulative = 0, theta = 0;
            for (int i = 0; i < sorted.Length; i++)
            {
                cumulative += sorted[i];
                double candidate = (cumulative - 1) / (i + 1);
                if (sorted[i] - candidate > 0)
                    theta = candidate;
            }
            return v.Select(x => Math.Max(x - theta, 0)).ToArray();
        }
    }
}
