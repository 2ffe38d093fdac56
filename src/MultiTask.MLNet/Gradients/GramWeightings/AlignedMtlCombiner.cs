using System;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using MultiTask.MLNet.Gradients;

namespace MultiTask.MLNet
{
    /// <summary>
    /// Aligned-MTL (Senushkin et al., "Independent Component Alignment for Multi-Task Learning", CVPR 2023): aligns the
    /// task gradients into orthogonal directions of equal norm, removing conflicts and dominance, and sums them. With
    /// <c>G = V L V^T</c>, eigenpairs with <c>l &gt; l_max K eps</c> (eps of float, the gradients' precision) are kept,
    /// <c>B = sqrt(l_min) V L^-1/2 V^T</c> on them, and the weights are <c>B 1</c> (LibMTL and the official code; TorchJD
    /// uses the mean, K times smaller). When every gradient is zero the weights are 1/K (the update is zero). No state.
    /// </summary>
    public sealed class AlignedMtlCombiner : GramWeightingCombiner
    {
        // The machine epsilon of float (2^-23), the precision of the gradients the Gram matrix comes from.
        private const double FloatPrecision = 1.1920928955078125e-7;

        /// <inheritdoc/>
        public override double[] Weights(int block, double[,] gram)
        {
            int k = gram.GetLength(0);
            var evd = Matrix<double>.Build.DenseOfArray(gram).Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
            var values = evd.EigenValues.Select(c => c.Real).ToArray();
            double largest = values.Max();
            double cut = largest * k * FloatPrecision;
            var kept = Enumerable.Range(0, k).Where(i => values[i] > cut).ToArray();
            if (largest <= 0 || kept.Length == 0)
                return Gram.Uniform(k);
            double smallest = kept.Min(i => values[i]);
            var vectors = evd.EigenVectors;
            var ones = Vector<double>.Build.Dense(k, 1);
            var weights = Vector<double>.Build.Dense(k);
            foreach (int i in kept)
            {
                var v = vectors.Column(i);
                weights += v * (Math.Sqrt(smallest / values[i]) * v.DotProduct(ones));
            }
            return weights.ToArray();
        }
    }
}
