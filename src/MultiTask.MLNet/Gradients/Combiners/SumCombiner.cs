using MultiTask.MLNet.Gradients;
using TorchSharp;

namespace MultiTask.MLNet
{
    /// <summary>
    /// The weighted sum of the task gradients, <c>sum_k w_k g_k</c>: plain multi-task learning (the seed's "Multitask").
    /// Training with no combiner gives the same update in one backward pass; choose this one to compare it with
    /// other combiners under the same per-task gradient path, statistics included.
    /// </summary>
    public sealed class SumCombiner : IGradientCombiner
    {
        private GradientCombinerContext context;

        /// <inheritdoc/>
        public void Reset(GradientCombinerContext context) => this.context = context;

        /// <inheritdoc/>
        public torch.Tensor Combine(int block, torch.Tensor taskGradients)
            => TaskWeightColumn.WeightedSum(context, taskGradients);
    }
}
