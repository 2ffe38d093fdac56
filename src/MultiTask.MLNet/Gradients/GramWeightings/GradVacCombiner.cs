using System;
using System.Collections.Generic;
using MultiTask.MLNet.Gradients;

namespace MultiTask.MLNet
{
    /// <summary>
    /// GradVac (Wang et al., "Gradient Vaccine: Investigating and Improving Multi-task Optimization in Massively
    /// Multilingual Models", ICLR 2021): like PCGrad, each task gradient is corrected against the others in a random
    /// order, but towards a target cosine that each pair learns as an exponential moving average of its observed
    /// cosines (start 0, so the first step is PCGrad): when <c>phi = cos(h_i, g_j)</c> is below the target phi*,
    /// <c>h_i += g_j |h_i| (phi* sqrt(1 - phi^2) - phi sqrt(1 - phi*^2)) / (|g_j| sqrt(1 - phi*^2) + 1e-8)</c>; then
    /// <c>phi* = (1 - Beta) phi* + Beta phi</c>. The update is the sum of the corrected gradients. One set of targets per
    /// block (<see cref="GradientScope.WholeVector"/> gives LibMTL's default of one for the whole model), reset every Fit.
    /// </summary>
    /// <remarks>Computed on the Gram matrix in double precision: every corrected gradient stays a combination of the originals.</remarks>
    public sealed class GradVacCombiner : GramWeightingCombiner
    {
        private const double Epsilon = 1e-8;
        private readonly Dictionary<int, double[,]> targets = new Dictionary<int, double[,]>();

        /// <summary>Moving-average factor of the target cosines. Default 0.5 (LibMTL); range (0, 1].</summary>
        public double Beta { get; }

        /// <param name="beta">See <see cref="Beta"/>.</param>
        public GradVacCombiner(double beta = 0.5)
        {
            if (!(beta > 0 && beta <= 1))
                throw new ArgumentOutOfRangeException(nameof(beta), beta, "GradVac's beta must be in (0, 1].");
            Beta = beta;
        }

        /// <inheritdoc/>
        public override void Reset(GradientCombinerContext context)
        {
            base.Reset(context);
            targets.Clear();
        }

        /// <inheritdoc/>
        public override double[] Weights(int block, double[,] gram)
        {
            int k = gram.GetLength(0);
            if (!targets.TryGetValue(block, out var target))
                targets[block] = target = new double[k, k];
            var norms = Gram.Norms(gram);
            var total = new double[k];
            for (int i = 0; i < k; i++)
            {
                var c = new double[k];
                c[i] = 1;
                foreach (int j in TaskOrder.OthersShuffled(Context.Random, i, k))
                {
                    double length = Math.Sqrt(Math.Max(Gram.Quadratic(gram, c), 0));
                    double phi = Gram.Times(gram, c)[j] / (length * norms[j] + Epsilon);
                    double goal = target[i, j];
                    if (phi < goal)
                    {
                        double root = Math.Sqrt(Math.Max(1 - goal * goal, 0));
                        c[j] += length * (goal * Math.Sqrt(Math.Max(1 - phi * phi, 0)) - phi * root) / (norms[j] * root + Epsilon);
                        Context.RecordConflict();
                    }
                    target[i, j] = (1 - Beta) * goal + Beta * phi;
                }
                for (int m = 0; m < k; m++)
                    total[m] += c[m];
            }
            return total;
        }
    }
}
