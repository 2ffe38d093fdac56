using System.Linq;
using MultiTask.MLNet.Gradients.Solvers;

namespace MultiTask.MLNet.Gradients
{
    /// <summary>
    /// The quadratic program behind UPGrad and DualProj (TorchJD's dual-cone projection): with
    /// <c>G' = G / trace(G) + 1e-4 I</c> (G scaled to 0 when its trace is below 1e-4), the weights
    /// <c>v = argmin v^T G' v subject to v &gt;= lower</c>; projecting a combination onto the cone of directions that
    /// conflict with no task gradient is this problem in the dual.
    /// </summary>
    internal static class DualConeProjection
    {
        public const double Regularization = 1e-4;
        public const double NormEpsilon = 1e-4;

        public static double[] Weights(double[,] gram, double[] lower, string method)
        {
            int k = lower.Length;
            double trace = Gram.Trace(gram);
            var regularized = new double[k, k];
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                    regularized[i, j] = (trace < NormEpsilon ? 0 : gram[i, j] / trace) + (i == j ? Regularization : 0);
            return LowerBoundedQuadratic.Minimize(regularized, lower, 1e-12, method);
        }

        public static double[] Basis(int k, int task) => Enumerable.Range(0, k).Select(i => i == task ? 1.0 / k : 0).ToArray();
    }
}
