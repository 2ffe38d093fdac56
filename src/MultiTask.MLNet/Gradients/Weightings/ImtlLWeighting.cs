using System;

namespace MultiTask.MLNet
{
    /// <summary>
    /// IMTL-L (Liu et al., "Towards Impartial Multi-task Learning", ICLR 2021): each task learns a scale s_k (start 0) and
    /// the objective is <c>sum_k (e^(s_k) L_k - s_k)</c>, which drives every scaled loss <c>e^(s_k) L_k</c> toward 1: the loss
    /// weight is <c>e^(s_k)</c>. s is learned with Adam at the trainer's learning rate. LibMTL's IMTL is this weighting
    /// together with <see cref="ImtlGCombiner"/>.
    /// </summary>
    public sealed class ImtlLWeighting : LearnedScaleWeighting
    {
        /// <inheritdoc/>
        protected override double InitialScale => 0;

        /// <inheritdoc/>
        protected override double WeightOf(double scale) => Math.Exp(scale);

        /// <inheritdoc/>
        protected override double ScaleGradient(double scale, double loss) => Math.Exp(scale) * loss - 1;
    }
}
