using System;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using MultiTask.MLNet.Gradients;

namespace MultiTask.MLNet
{
    /// <summary>
    /// ConFIG (Liu, Chu &amp; Thuerey, "ConFIG: Towards Conflict-free Training of Physics Informed Neural Networks",
    /// ICLR 2025): the direction e with equal, positive projections on every unit task gradient u_k
    /// (<c>x = pinv(U) 1</c>, <c>e = x / |x|</c>), scaled by the sum of the gradients' projections on it:
    /// <c>d = (sum_k g_k . e) e</c>. Computed on G: with C the matrix of cosines, <c>c = C^+ 1</c> and
    /// <c>x = sum_k (c_k / |g_k|) g_k</c>. A zero gradient has u_k = 0; |x| is clamped at 1e-12 (TorchJD). No state.
    /// </summary>
    public sealed class ConFIGCombiner : GramWeightingCombiner
    {
        /// <inheritdoc/>
        public override double[] Weights(int block, double[,] gram)
        {
            int k = gram.GetLength(0);
            var norms = Gram.Norms(gram);
            var inverseNorms = norms.Select(n => n > 0 ? 1 / n : 0).ToArray();
            var cosines = Matrix<double>.Build.Dense(k, k, (i, j) => gram[i, j] * inverseNorms[i] * inverseNorms[j]);
            var c = Gram.PseudoInverse(cosines) * Vector<double>.Build.Dense(k, 1);
            var x = c.Select((v, i) => v * inverseNorms[i]).ToArray();
            double squaredLength = Math.Max(Gram.Quadratic(gram, x), 0);
            double length = Math.Max(Math.Sqrt(squaredLength), 1e-12);
            double projections = Gram.Times(gram, x).Sum() / length;
            return x.Select(v => projections * v / length).ToArray();
        }
    }
}
