using System;
using System.Linq;
using MultiTask.MLNet.Gradients;
using TorchSharp;

namespace MultiTask.MLNet
{
    /// <summary>
    /// A gradient combiner that is a weighting of the K x K Gram matrix of the task gradients (TorchJD's view of
    /// aggregation): from <c>G_ij = g_i . g_j</c> it chooses K weights w, and the update is <c>d = sum_k w_k g_k</c>.
    /// Subclass it and implement <see cref="Weights"/> to add a method; it is then testable with a hand-written matrix.
    /// </summary>
    /// <remarks>
    /// The rows g_k are the task gradients times the tasks' current loss weights (<see cref="TaskSpec.Weight"/> or a
    /// loss weighting's choice), so that a task of weight 0 has no say; with the default weights of 1 they are the
    /// plain task gradients, as in the methods' papers. The Gram matrix is computed in double precision. The weights of
    /// every step are recorded and their epoch mean appears in <see cref="EpochRecord.CombinerWeights"/>.
    /// </remarks>
    public abstract class GramWeightingCombiner : IGradientCombiner
    {
        /// <summary>The training being served; set by <see cref="Reset"/>.</summary>
        protected GradientCombinerContext Context { get; private set; }

        /// <inheritdoc/>
        public virtual void Reset(GradientCombinerContext context) => Context = context;

        /// <inheritdoc/>
        public torch.Tensor Combine(int block, torch.Tensor taskGradients)
        {
            var rows = TaskWeightColumn.Of(Context, taskGradients) * taskGradients;
            var precise = rows.to_type(torch.ScalarType.Float64);
            var gram = ToArray(precise.matmul(precise.t()));
            if (gram.Cast<double>().Any(v => !double.IsFinite(v)))
                throw new InvalidOperationException(
                    $"{GetType().Name}: the task gradients of block {block} are not finite (NaN or infinite); the model diverged.");
            var weights = Weights(block, gram);
            if (weights == null || weights.Length != Context.TaskCount || weights.Any(v => !double.IsFinite(v)))
                throw new InvalidOperationException(
                    $"{GetType().Name} returned weights [{string.Join(", ", weights ?? Array.Empty<double>())}]; expected {Context.TaskCount} finite numbers.");
            Context.RecordWeights(weights);
            var column = torch.tensor(weights, new long[] { 1, weights.Length }).to_type(taskGradients.dtype).to(taskGradients.device);
            return column.matmul(rows).squeeze(0);
        }

        /// <summary>
        /// The K weights of the update for one block, from its Gram matrix (<c>gram[i, j] = g_i . g_j</c>, symmetric,
        /// positive semi-definite, double precision). <paramref name="block"/> lets a method keep per-block state.
        /// </summary>
        public abstract double[] Weights(int block, double[,] gram);

        private static double[,] ToArray(torch.Tensor matrix)
        {
            int k = (int)matrix.shape[0];
            var flat = matrix.cpu().data<double>().ToArray();
            var result = new double[k, k];
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                    result[i, j] = flat[i * k + j];
            return result;
        }
    }
}
