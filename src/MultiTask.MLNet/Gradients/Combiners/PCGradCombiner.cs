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
        /// <remarks>
        /// Every projected gradient stays a combination <c>sum_m c_m g_m</c> of the original ones, so the projections run on
        /// the K x K Gram matrix in double precision and the update is one [K] x [K, P] product: the same result as
        /// projecting P-vectors one by one, without a device round trip per pair.
        /// </remarks>
        public torch.Tensor Combine(int block, torch.Tensor taskGradients)
        {
            int k = context.TaskCount;
            var gram = taskGradients.matmul(taskGradients.t()).to(torch.ScalarType.Float64).cpu().data<double>().ToArray();
            var total = new double[k];
            for (int i = 0; i < k; i++)
            {
                var c = new double[k];
                c[i] = 1;
                foreach (int j in TaskOrder.OthersShuffled(context.Random, i, k))
                {
                    double squaredNorm = gram[j * k + j];
                    if (squaredNorm == 0)
                        continue;
                    double dot = 0;
                    for (int m = 0; m < k; m++)
                        dot += c[m] * gram[m * k + j];
                    if (dot >= 0)
                        continue;
                    c[j] -= dot / squaredNorm;
                    context.RecordConflict();
                }
                for (int m = 0; m < k; m++)
                    total[m] += context.TaskWeights[i] * c[m];
            }
            var coefficients = torch.tensor(total.Select(v => (float)v).ToArray(), new long[] { 1, k }).to_type(taskGradients.dtype).to(taskGradients.device);
            return coefficients.matmul(taskGradients).squeeze(0);
        }
    }
}
