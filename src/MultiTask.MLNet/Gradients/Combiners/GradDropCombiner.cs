using System;
using MultiTask.MLNet.Gradients;
using MultiTask.MLNet.Runtime;
using TorchSharp;

namespace MultiTask.MLNet
{
    /// <summary>
    /// GradDrop (Chen et al., "Just Pick a Sign: Optimizing Deep Multitask Models with Gradient Sign Dropout", NeurIPS
    /// 2020): per coordinate, the sign purity <c>P = (1 + sum_k g_k / sum_k |g_k|) / 2</c> and a uniform draw U decide
    /// which sign survives: task k's value is kept where <c>P &gt; U</c> and it is positive, or <c>P &lt; U</c> and it is
    /// negative; <c>d = sum_k (Leak + (1 - Leak) mask_k) g_k</c>. This is the combination of the paper's Algorithm 1 on
    /// the gradient matrix itself (TorchJD), at either level; LibMTL's variant multiplies by the sign of the
    /// representation, which the combiner does not see. The draws come from the trainer's seed. No state.
    /// </summary>
    public sealed class GradDropCombiner : IGradientCombiner
    {
        private GradientCombinerContext context;

        /// <summary>The share of every gradient kept whatever its sign. Default 0 (the paper); range [0, 1].</summary>
        public double Leak { get; }

        /// <param name="leak">See <see cref="Leak"/>.</param>
        public GradDropCombiner(double leak = 0)
        {
            if (!(leak >= 0 && leak <= 1))
                throw new ArgumentOutOfRangeException(nameof(leak), leak, "GradDrop's leak must be in [0, 1].");
            Leak = leak;
        }

        /// <inheritdoc/>
        public void Reset(GradientCombinerContext context) => this.context = context;

        /// <inheritdoc/>
        public torch.Tensor Combine(int block, torch.Tensor taskGradients)
        {
            var rows = TaskWeightColumn.Of(context, taskGradients) * taskGradients;
            using var zero = 0.ToScalar();
            var total = rows.sum(dim: 0);
            var absolute = rows.abs().sum(dim: 0);
            // Where every task's value is 0 the purity is 0/0; any value serves, since nothing is kept or dropped there.
            var nonZero = absolute.gt(zero);
            var purity = torch.where(nonZero, total.div(torch.where(nonZero, absolute, torch.ones_like(absolute))), torch.zeros_like(total))
                .PlusConstant(1).Times(0.5);
            using var generator = new torch.Generator((ulong)context.Random.Next());
            var draw = torch.rand(total.shape, generator: generator, dtype: total.dtype);
            var keepPositive = purity.gt(draw).unsqueeze(0).logical_and(rows.gt(zero));
            var keepNegative = purity.lt(draw).unsqueeze(0).logical_and(rows.lt(zero));
            var mask = keepPositive.logical_or(keepNegative).to_type(rows.dtype);
            return mask.Times(1 - Leak).PlusConstant(Leak).mul(rows).sum(dim: 0);
        }
    }
}
