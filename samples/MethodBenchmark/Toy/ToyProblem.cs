using System;

namespace MethodBenchmark.Toy
{
    /// <summary>
    /// The two-task toy of the CAGrad (Liu et al., NeurIPS 2021) and Nash-MTL (Navon et al., ICML 2022) papers: two
    /// parameters x = (x1, x2), two losses in closed form whose Pareto set is (close to) the segment x1 in [-7, 7],
    /// x2 = -8.3552, and whose first loss is scaled by <see cref="Scale"/> (0.1 in Nash-MTL's version) so that the tasks'
    /// gradient magnitudes differ. Above x2 = 0 the losses are logarithmic valleys, below it quadratic bowls; the two
    /// regimes are blended by clamped tanh gates. Values and gradients are computed here in closed form (derived by hand,
    /// checked against TorchSharp's autograd in the test suite), so that a run of 35,000 steps costs only the method's own
    /// arithmetic.
    /// </summary>
    public sealed class ToyProblem
    {
        /// <summary>The floor under |.| inside the logarithms (the reference's clamp), keeping log finite.</summary>
        public const double Floor = 5e-6;

        /// <summary>x2 of the Pareto segment drawn in the papers' figure.</summary>
        public const double ParetoX2 = -8.3552;

        /// <summary>The five starting points of the papers' figure.</summary>
        public static readonly (double X1, double X2)[] Starts = { (-8.5, 7.5), (0, 0), (9, 9), (-7.5, -0.5), (9, -1) };

        public ToyProblem(double scale = 0.1)
        {
            if (!(scale > 0 && double.IsFinite(scale)))
                throw new ArgumentOutOfRangeException(nameof(scale), $"The first loss's scale must be finite and > 0, got {scale}.");
            Scale = scale;
        }

        /// <summary>The factor on the first loss.</summary>
        public double Scale { get; }

        /// <summary>The two losses at (x1, x2).</summary>
        public (double F1, double F2) Losses(double x1, double x2)
        {
            var (f1, f2, _, _) = Evaluate(x1, x2);
            return (f1, f2);
        }

        /// <summary>The two losses and their gradients (d/dx1, d/dx2) at (x1, x2).</summary>
        public (double F1, double F2, (double D1, double D2) G1, (double D1, double D2) G2) Evaluate(double x1, double x2)
        {
            double t = Math.Tanh(x2), sech2 = 1 - t * t;
            // The logarithmic valleys: log(max(|a|, floor)) + 6; d log|a| / da = 1 / a, and 0 where the floor holds.
            double a1 = -0.5 * x1 - 3.5 + t, a2 = -0.5 * x1 + 3.5 - t;
            double log1 = Math.Log(Math.Max(Math.Abs(a1), Floor)) + 6, log2 = Math.Log(Math.Max(Math.Abs(a2), Floor)) + 6;
            double inv1 = Math.Abs(a1) > Floor ? 1 / a1 : 0, inv2 = Math.Abs(a2) > Floor ? 1 / a2 : 0;
            var dLog1 = (-0.5 * inv1, sech2 * inv1);
            var dLog2 = (-0.5 * inv2, -sech2 * inv2);
            // The quadratic bowls.
            double bowl1 = ((x1 - 7) * (x1 - 7) + 0.1 * (x2 + 8) * (x2 + 8)) / 10 - 20;
            double bowl2 = ((x1 + 7) * (x1 + 7) + 0.1 * (x2 + 8) * (x2 + 8)) / 10 - 20;
            var dBowl1 = (0.2 * (x1 - 7), 0.02 * (x2 + 8));
            var dBowl2 = (0.2 * (x1 + 7), 0.02 * (x2 + 8));
            // The gates max(tanh(+-x2 / 2), 0); their gradient passes where the clamp's bound is met with equality too
            // (PyTorch's clamp), which matters at the start (0, 0).
            double h = Math.Tanh(0.5 * x2), dh = 0.5 * (1 - h * h);
            double up = Math.Max(h, 0), down = Math.Max(-h, 0);
            double dUp = h >= 0 ? dh : 0, dDown = -h >= 0 ? -dh : 0;

            double f1 = Scale * (log1 * up + bowl1 * down), f2 = log2 * up + bowl2 * down;
            var g1 = (Scale * (dLog1.Item1 * up + dBowl1.Item1 * down), Scale * (dLog1.Item2 * up + log1 * dUp + dBowl1.Item2 * down + bowl1 * dDown));
            var g2 = (dLog2.Item1 * up + dBowl2.Item1 * down, dLog2.Item2 * up + log2 * dUp + dBowl2.Item2 * down + bowl2 * dDown);
            return (f1, f2, g1, g2);
        }

        /// <summary>
        /// How far (x1, x2) is from Pareto stationarity, free of the losses' scales: the norm of the smallest convex
        /// combination of the two unit gradients, 0 where they point in opposite directions (or one vanishes), so that no
        /// direction lowers both losses; cos(angle / 2) otherwise, 1 where they agree. (On raw gradients, MGDA's criterion, a
        /// plateau of the scaled first loss would pass for stationary.)
        /// </summary>
        public double StationarityGap(double x1, double x2)
        {
            var (_, _, g1, g2) = Evaluate(x1, x2);
            double n1 = Math.Sqrt(g1.D1 * g1.D1 + g1.D2 * g1.D2), n2 = Math.Sqrt(g2.D1 * g2.D1 + g2.D2 * g2.D2);
            if (n1 < 1e-12 || n2 < 1e-12)
                return 0;
            var (u1, u2, v1, v2) = (g1.D1 / n1, g1.D2 / n1, g2.D1 / n2, g2.D2 / n2);
            // min over w in [0, 1] of |w u + (1 - w) v|: w* = -(u - v).v / |u - v|^2, clipped.
            double dx = u1 - v1, dy = u2 - v2, squared = dx * dx + dy * dy;
            double w = squared == 0 ? 0.5 : Math.Clamp(-(dx * v1 + dy * v2) / squared, 0, 1);
            return Math.Sqrt(Math.Pow(w * u1 + (1 - w) * v1, 2) + Math.Pow(w * u2 + (1 - w) * v2, 2));
        }
    }
}
