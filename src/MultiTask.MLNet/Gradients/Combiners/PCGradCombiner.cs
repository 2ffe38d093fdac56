using System.Linq;
using MultiTask.MLNet.Gradients;
using TorchSharp;

namespace MultiTask.MLNet
{
    /// <summary>
    /// PCGrad (Yu et al. 2020, "Gradient Surgery for Multi-Task Learning"), for K symmetric tasks: each task's
    /// gradient g_i is projected, over the other tasks j in a random order, onto the normal plane of every g_j it
    /// conflicts with (<c>g_i.g_j &lt; 0</c>: <c>g_i -= (g_i.g_j) g_j / |g_j|^2</c>); the update is the weighted sum of
    /// the projected gradients. The order is drawn from the trainer's seed.
    /// </summary>
    public sealed class PCGradCombiner : IGradientCombiner
    {
        private GradientCombinerContext context;

        /// <inheritdoc/>
        public void Reset(GradientCombinerContext context) => this.context = context;

        /// <inheritdoc/>
        public torch.Tensor Combine(int block, torch.Tensor taskGradients)
        {
            int k = context.TaskCount;
            var squaredNorms = taskGradients.square().sum(dim: 1).data<float>().ToArray();
            torch.Tensor update = null;
            for (int i = 0; i < k; i++)
            {
                var g = taskGradients[i].clone();
                foreach (int j in Order(i, k))
                {
                    if (squaredNorms[j] == 0)
                        continue;
                    double dot = g.dot(taskGradients[j]).item<float>();
                    if (dot >= 0)
                        continue;
                    g = g - taskGradients[j] * (dot / squaredNorms[j]);
                    context.RecordConflict();
                }
                var weighted = g * context.TaskWeights[i];
                update = update is null ? weighted : update + weighted;
            }
            return update;
        }

        private int[] Order(int task, int count)
        {
            var others = Enumerable.Range(0, count).Where(j => j != task).ToArray();
            for (int n = others.Length - 1; n > 0; n--)
            {
                int m = context.Random.Next(n + 1);
                (others[n], others[m]) = (others[m], others[n]);
            }
            return others;
        }
    }
}
