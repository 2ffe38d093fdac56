using System;
using System.Linq;
using MultiTask.MLNet.Gradients;
using MultiTask.MLNet.Gradients.Solvers;

namespace MultiTask.MLNet
{
    /// <summary>
    /// CAGrad (Liu et al., "Conflict-Averse Gradient Descent for Multi-task Learning", NeurIPS 2021): the update stays
    /// within a ball of radius <c>c |g0|</c> around the mean gradient g0 and, inside it, maximises the worst task's
    /// improvement: <c>w* = argmin over the simplex of (G w) . (1/K) + c |g0| |g w|</c>,
    /// <c>d = g0 + c |g0| (g w*) / |g w*|</c>, then divided by <c>1 + c^2</c> (LibMTL's and the paper code's rescale 1).
    /// </summary>
    /// <remarks>
    /// c = 0 gives the mean gradient. Solved in double precision to a relative Frank-Wolfe gap of 1e-10 on
    /// sqrt(w^T G w + 1e-12 trace G), smoothed only where g w = 0 (LibMTL solves it with scipy's SLSQP at its default tolerance). No state.
    /// </remarks>
    public sealed class CAGradCombiner : GramWeightingCombiner
    {
        /// <summary>The radius factor c. Default 0.5 (LibMTL); range [0, 10]; 0 is the mean gradient.</summary>
        public double C { get; }

        /// <summary>Whether to divide the update by 1 + c^2 (default true, as LibMTL and the official code).</summary>
        public bool Rescale { get; }

        /// <param name="c">See <see cref="C"/>.</param>
        /// <param name="rescale">See <see cref="Rescale"/>.</param>
        public CAGradCombiner(double c = 0.5, bool rescale = true)
        {
            if (!(c >= 0 && c <= 10))
                throw new ArgumentOutOfRangeException(nameof(c), c, "CAGrad's c must be in [0, 10].");
            C = c;
            Rescale = rescale;
        }

        /// <inheritdoc/>
        public override double[] Weights(int block, double[,] gram)
        {
            int k = gram.GetLength(0);
            var mean = Gram.Uniform(k);
            double trace = Gram.Trace(gram);
            double meanNorm = Math.Sqrt(Math.Max(Gram.Quadratic(gram, mean), 0));
            double radius = C * meanNorm;
            if (radius == 0 || trace == 0)
                return Scaled(mean);
            var toMean = Gram.Times(gram, mean);
            // f(w) = w . G1/K + r sqrt(w^T G w + e) has the curvature r lmax / sqrt(w^T G w + e) at w (the solver adapts
            // it as it goes); e = 1e-12 trace G smooths f only where g w can vanish.
            double smoothing = 1e-12 * trace;
            double lipschitz = radius * Gram.LargestEigenvalue(gram) / Math.Sqrt(Math.Max(Gram.Quadratic(gram, mean), 0) + smoothing);
            var best = SimplexMinimizer.Minimize(
                w =>
                {
                    var gw = Gram.Times(gram, w);
                    double norm = Math.Sqrt(Math.Max(Gram.Quadratic(gram, w), 0) + smoothing);
                    return toMean.Select((v, i) => v + radius * gw[i] / norm).ToArray();
                },
                k, lipschitz, trace, 1e-10, nameof(CAGradCombiner));
            double bestNorm = Math.Sqrt(Math.Max(Gram.Quadratic(gram, best), 0));
            if (bestNorm < 1e-12 * Math.Sqrt(trace))
                return Scaled(mean);
            return Scaled(mean.Select((v, i) => v + radius * best[i] / bestNorm).ToArray());
        }

        private double[] Scaled(double[] w) => Rescale ? w.Select(v => v / (1 + C * C)).ToArray() : w;
    }
}
