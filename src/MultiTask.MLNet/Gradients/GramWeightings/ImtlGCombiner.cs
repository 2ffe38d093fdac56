using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using MultiTask.MLNet.Gradients;

namespace MultiTask.MLNet
{
    /// <summary>
    /// IMTL-G (Liu et al., "Towards Impartial Multi-task Learning", ICLR 2021): weights summing to 1 such that the
    /// update has the same projection on every task's unit gradient, <c>d . u_i = d . u_j</c>; computed as
    /// <c>w = G^+ s / sum(G^+ s)</c> with <c>s_k = |g_k|</c> (the pseudo-inverse form of TorchJD, which also serves
    /// rank-deficient G; the paper's closed form fails on a zero or repeated gradient). When that sum is below 1e-12
    /// the weights are 0. No state.
    /// </summary>
    public sealed class ImtlGCombiner : GramWeightingCombiner
    {
        /// <inheritdoc/>
        public override double[] Weights(int block, double[,] gram)
        {
            var norms = Gram.Norms(gram);
            var raw = Gram.PseudoInverse(Matrix<double>.Build.DenseOfArray(gram)) * Vector<double>.Build.DenseOfArray(norms);
            double total = raw.Sum();
            return total < 1e-12 ? new double[norms.Length] : raw.Select(v => v / total).ToArray();
        }
    }
}
