using MultiTask.MLNet.Gradients;

namespace MultiTask.MLNet
{
    /// <summary>
    /// DualProj (TorchJD; the projection of Eq. 11 of GEM, Lopez-Paz &amp; Ranzato, "Gradient Episodic Memory for
    /// Continual Learning", NeurIPS 2017): the mean gradient projected onto the dual cone of the task gradients,
    /// <c>w = argmin v^T G' v subject to v &gt;= 1/K</c> with <c>G' = G / trace G + 1e-4 I</c>. Returns the mean when the
    /// mean conflicts with no task gradient. No state.
    /// </summary>
    public sealed class DualProjCombiner : GramWeightingCombiner
    {
        /// <inheritdoc/>
        public override double[] Weights(int block, double[,] gram)
            => DualConeProjection.Weights(gram, Gram.Uniform(gram.GetLength(0)), nameof(DualProjCombiner));
    }
}
