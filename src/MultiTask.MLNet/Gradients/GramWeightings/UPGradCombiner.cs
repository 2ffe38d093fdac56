using System.Linq;
using MultiTask.MLNet.Gradients;

namespace MultiTask.MLNet
{
    /// <summary>
    /// UPGrad (Quinton &amp; Rey, "Jacobian Descent for Multi-Objective Optimization", arXiv 2406.16232, 2024): each task's
    /// share of the mean, <c>g_k / K</c>, is projected onto the dual cone of the task gradients (the directions that
    /// conflict with none), and the projections are summed. In weights: <c>w = sum_k v_k</c>,
    /// <c>v_k = argmin v^T G' v subject to v &gt;= e_k / K</c>, with <c>G' = G / trace G + 1e-4 I</c> (TorchJD's defaults).
    /// When no two task gradients conflict it is the mean. No state.
    /// </summary>
    /// <remarks>
    /// The regularisation only bounds conflicts: <c>g_k . d &gt;= -1e-4 trace(G) w_k</c>, so a tiny gradient beside a huge one
    /// can still be slightly opposed.
    /// </remarks>
    public sealed class UPGradCombiner : GramWeightingCombiner
    {
        /// <inheritdoc/>
        public override double[] Weights(int block, double[,] gram)
        {
            int k = gram.GetLength(0);
            var total = new double[k];
            for (int task = 0; task < k; task++)
            {
                var v = DualConeProjection.Weights(gram, DualConeProjection.Basis(k, task), nameof(UPGradCombiner));
                for (int i = 0; i < k; i++)
                    total[i] += v[i];
            }
            return total;
        }
    }
}
