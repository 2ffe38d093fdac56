using MultiTask.MLNet.Runtime;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Gradients;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Tasks;
using MultiTask.MLNet.Training.Sampling;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Training.Steps
{
    /// <summary>
    /// Gradient surgery on the shared parameters: one backward pass per task gives every task's gradient on the
    /// shared parameters (and on its own); the combiner merges them per block (each tensor, or all as one).
    /// </summary>
    internal sealed class ParameterSurgeryStep : TrainingStep
    {
        private readonly IGradientCombiner combiner;
        private readonly GradientScope scope;
        private readonly List<Parameter> shared;

        public ParameterSurgeryStep(MultiTaskNetwork network, IReadOnlyList<BoundTask> tasks, IGradientCombiner combiner, GradientScope scope, StepWeights weights)
            : base(network, tasks, weights)
        {
            this.combiner = combiner;
            this.scope = scope;
            shared = network.SharedParameters().ToList();
        }

        public override void Run(DataTensors data, BatchRows batch, Tensor rowIndex, EpochStatistics statistics)
        {
            var representations = Network.Representations(data.Features.index_select(0, rowIndex));
            var losses = TaskLosses(representations, data, batch, rowIndex, statistics);
            var w = Weights.For(losses);
            var perTask = new Tensor[Tasks.Count][];
            for (int k = 0; k < Tasks.Count; k++)
            {
                var grads = Gradients(losses[k], shared.Concat(Owned[k]).Cast<Tensor>().ToList());
                perTask[k] = grads.Take(shared.Count).ToArray();
                SetOwnGradients(Owned[k], grads.Skip(shared.Count).ToList(), w[k]);
            }
            if (shared.Count == 0)
                return;
            var blocks = scope == GradientScope.WholeVector
                ? new[] { Enumerable.Range(0, shared.Count).ToArray() }
                : Enumerable.Range(0, shared.Count).Select(j => new[] { j }).ToArray();
            Tensor gram = null;
            for (int b = 0; b < blocks.Length; b++)
            {
                var matrix = torch.stack(perTask.Select(g => torch.cat(blocks[b].Select(j => g[j].flatten()).ToList(), 0)).ToList(), 0);
                var block = matrix.matmul(matrix.t());
                gram = gram is null ? block : gram.Plus(block);
                var combined = combiner.Combine(b, matrix);
                statistics.AddUpdate(matrix, combined);
                Scatter(blocks[b], combined);
            }
            statistics.AddGram(gram);
        }

        // Writes a block's combined gradient back into the .grad of each parameter it spans.
        private void Scatter(int[] parameters, Tensor combined)
        {
            long offset = 0;
            foreach (int j in parameters)
            {
                long size = shared[j].numel();
                shared[j].grad = combined.narrow(0, offset, size).view_as(shared[j]).contiguous();
                offset += size;
            }
        }
    }
}
