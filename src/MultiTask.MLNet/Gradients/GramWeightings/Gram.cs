using System;
using System.Linq;

namespace MultiTask.MLNet.Gradients
{
    /// <summary>Small helpers on a K x K Gram matrix in double precision.</summary>
    internal static class Gram
    {
        public static double[] Times(double[,] gram, double[] w)
        {
            int k = w.Length;
            var result = new double[k];
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                    result[i] += gram[i, j] * w[j];
            return result;
        }

        /// <summary>w^T G w = |sum_k w_k g_k|^2.</summary>
        public static double Quadratic(double[,] gram, double[] w) => Times(gram, w).Select((v, i) => v * w[i]).Sum();

        public static double Trace(double[,] gram) => Enumerable.Range(0, gram.GetLength(0)).Sum(i => gram[i, i]);

        /// <summary>The norms |g_k| = sqrt(G_kk).</summary>
        public static double[] Norms(double[,] gram) => Enumerable.Range(0, gram.GetLength(0)).Select(i => Math.Sqrt(Math.Max(gram[i, i], 0))).ToArray();

        /// <summary>The largest eigenvalue of the symmetric positive semi-definite G.</summary>
        public static double LargestEigenvalue(double[,] gram)
            => MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(gram).Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric)
                .EigenValues.Max(v => v.Real);

        /// <summary>
        /// The pseudo-inverse of a symmetric positive semi-definite matrix, from its eigen-decomposition: eigenvalues at
        /// most <c>lmax K 2^-52</c> (numpy's cut-off) count as 0, so the zero matrix gives the zero matrix (MathNet's
        /// SVD-based PseudoInverse returns NaN for it).
        /// </summary>
        public static MathNet.Numerics.LinearAlgebra.Matrix<double> PseudoInverse(MathNet.Numerics.LinearAlgebra.Matrix<double> symmetric)
        {
            var evd = symmetric.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
            var values = evd.EigenValues.Select(v => v.Real).ToArray();
            double cut = Math.Max(values.Max(), 0) * values.Length * Math.Pow(2, -52);
            var inverted = values.Select(v => v > cut ? 1 / v : 0).ToArray();
            var vectors = evd.EigenVectors;
            return vectors * MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfDiagonalArray(inverted) * vectors.Transpose();
        }

        public static double[] Uniform(int k) => Enumerable.Repeat(1.0 / k, k).ToArray();
    }
}
