using System.Linq;
using TorchSharp;

namespace MultiTask.MLNet.Gradients
{
    /// <summary>The task weights as a [K, 1] tensor beside a [K, P] gradient matrix (same device and type).</summary>
    internal static class TaskWeightColumn
    {
        /// <summary><c>sum_k w_k g_k</c> with the context's current task weights.</summary>
        public static torch.Tensor WeightedSum(GradientCombinerContext context, torch.Tensor taskGradients)
            => (Of(context, taskGradients) * taskGradients).sum(dim: 0);

        public static torch.Tensor Of(GradientCombinerContext context, torch.Tensor taskGradients)
            => torch.tensor(context.TaskWeights.ToArray(), new long[] { context.TaskCount, 1 })
                .to_type(taskGradients.dtype).to(taskGradients.device);
    }
}
