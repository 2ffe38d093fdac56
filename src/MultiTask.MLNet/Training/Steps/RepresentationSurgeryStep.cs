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
    /// Gradient surgery on the shared representation: the heads run on a detached copy of z, each task's gradient
    /// with respect to z (batch x size, one block) goes to the combiner, and the combined gradient flows back through
    /// the trunk in one backward pass.
    /// </summary>
    internal sealed class RepresentationSurgeryStep : TrainingStep
    {
        private readonly IGradientCombiner combiner;

        public RepresentationSurgeryStep(MultiTaskNetwork network, IReadOnlyList<BoundTask> tasks, IGradientCombiner combiner, StepWeights weights)
            : base(network, tasks, weights)
        {
            this.combiner = combiner;
        }

        public override void Run(DataTensors data, BatchRows batch, Tensor rowIndex, EpochStatistics statistics)
        {
            var z = SharedRepresentation(data, rowIndex);
            var detached = z.detach().requires_grad_(true);
            var losses = TaskLosses(ForEveryTask(detached), data, batch, rowIndex, statistics);
            var w = Weights.For(losses, new[] { detached });
            var perTask = new Tensor[Tasks.Count];
            for (int k = 0; k < Tasks.Count; k++)
            {
                var grads = Gradients(losses[k], new Tensor[] { detached }.Concat(Owned[k]).ToList());
                perTask[k] = grads[0].flatten();
                SetOwnGradients(Owned[k], grads.Skip(1).ToList(), w[k]);
            }
            var matrix = torch.stack(perTask, 0);
            statistics.AddGram(matrix.matmul(matrix.t()));
            var flat = combiner.Combine(0, matrix);
            statistics.AddUpdate(matrix, flat);
            var combined = flat.view_as(z);
            if (z.requires_grad)
                z.backward(new[] { combined });
        }
    }
}
