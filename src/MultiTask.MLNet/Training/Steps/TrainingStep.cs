using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Network;
using MultiTask.MLNet.Tasks;
using MultiTask.MLNet.Training.Sampling;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Training.Steps
{
    /// <summary>
    /// One optimisation step's forward and backward pass: leaves the gradient every parameter should follow in its
    /// <c>.grad</c>. Subclasses differ in how the task losses' gradients reach the shared trunk.
    /// </summary>
    internal abstract class TrainingStep
    {
        protected TrainingStep(MultiTaskNetwork network, IReadOnlyList<BoundTask> tasks, StepWeights weights)
        {
            Network = network;
            Tasks = tasks;
            Weights = weights;
            Heads = Enumerable.Range(0, tasks.Count).Select(k => (IReadOnlyList<Parameter>)network.HeadParameters(k).ToList()).ToArray();
        }

        /// <summary>Each head's parameters, in task order.</summary>
        protected IReadOnlyList<IReadOnlyList<Parameter>> Heads { get; }

        protected MultiTaskNetwork Network { get; }
        protected IReadOnlyList<BoundTask> Tasks { get; }
        protected StepWeights Weights { get; }

        /// <summary>Runs the step's forward and backward passes inside the caller's dispose scope.</summary>
        public abstract void Run(DataTensors data, BatchRows batch, Tensor rowIndex, EpochStatistics statistics);

        /// <summary>Each task's masked mean loss on its slice of the batch, given the batch's representation z.</summary>
        protected Tensor[] TaskLosses(Tensor z, DataTensors data, BatchRows batch, Tensor rowIndex, EpochStatistics statistics)
            => Enumerable.Range(0, Tasks.Count).Select(k => TaskLosses(k, z, data, batch, rowIndex, statistics)).ToArray();

        /// <summary>Task k's masked mean loss on its slice of the batch, given the representation its head sees.</summary>
        protected Tensor TaskLosses(int k, Tensor z, DataTensors data, BatchRows batch, Tensor rowIndex, EpochStatistics statistics)
        {
            var (start, length) = batch.Slices[k];
            var rows = rowIndex.narrow(0, start, length);
            var output = Network.Head(k, z.narrow(0, start, length));
            var (mean, sum, count) = TaskLoss.Of(Tasks[k].Kind, output, data.Labels[k].index_select(0, rows), data.RowWeights[k].index_select(0, rows));
            statistics.AddLoss(k, sum, count);
            return mean;
        }

        /// <summary>Gradients of <paramref name="loss"/> on <paramref name="inputs"/>; zeros for inputs it does not reach.</summary>
        protected static Tensor[] Gradients(Tensor loss, IList<Tensor> inputs)
        {
            var grads = torch.autograd.grad(new[] { loss }, inputs, retain_graph: true, allow_unused: true);
            return grads.Select((g, i) => g is null || g.IsInvalid ? torch.zeros_like(inputs[i]) : g).ToArray();
        }

        /// <summary>Sets head k's gradient to its own task's gradient times the task's weight for this step.</summary>
        protected static void SetHeadGradients(IReadOnlyList<Parameter> head, IReadOnlyList<Tensor> grads, float weight)
        {
            for (int i = 0; i < head.Count; i++)
                head[i].grad = grads[i] * weight;
        }
    }
}
