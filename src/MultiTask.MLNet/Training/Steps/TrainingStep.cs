using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Tasks;
using MultiTask.MLNet.Training.Sampling;
using MultiTask.MLNet.Runtime;
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
            Owned = Enumerable.Range(0, tasks.Count).Select(k => (IReadOnlyList<Parameter>)network.TaskParameters(k).ToList()).ToArray();
            stacked = StackedTaskLosses.Find(tasks);
        }

        private readonly IReadOnlyList<StackedTaskLosses> stacked;

        /// <summary>The parameters each task alone uses (its head, gates, own experts), in task order.</summary>
        protected IReadOnlyList<IReadOnlyList<Parameter>> Owned { get; }

        protected MultiTaskNetwork Network { get; }

        /// <summary>When set, every task's metric is also measured on the batches as they train (the training loop sets it).</summary>
        public TaskMetricMeter TrainingMetrics { get; set; }
        protected IReadOnlyList<BoundTask> Tasks { get; }
        protected StepWeights Weights { get; }

        /// <summary>Runs the step's forward and backward passes inside the caller's dispose scope.</summary>
        public abstract void Run(DataTensors data, BatchRows batch, Tensor rowIndex, EpochStatistics statistics);

        /// <summary>Each task's masked mean loss on its slice of the batch, given the batch's representation of each task.</summary>
        protected Tensor[] TaskLosses(IReadOnlyList<Tensor> representations, DataTensors data, BatchRows batch, Tensor rowIndex, EpochStatistics statistics)
        {
            var losses = new Tensor[Tasks.Count];
            foreach (var group in batch.IsShared ? stacked : Array.Empty<StackedTaskLosses>())
            {
                var means = group.Means(Network, representations, data, rowIndex, statistics, TrainingMetrics).unbind(0);
                for (int i = 0; i < means.Length; i++)
                    losses[group.Tasks[i]] = means[i];
            }
            for (int k = 0; k < losses.Length; k++)
                losses[k] ??= TaskLosses(k, representations[k], data, batch, rowIndex, statistics);
            return losses;
        }

        /// <summary>The batch's one representation shared by every task (architectures that have one; validated before training).</summary>
        protected Tensor SharedRepresentation(DataTensors data, Tensor rowIndex) => Network.Representations(data.Features.index_select(0, rowIndex))[0];

        /// <summary>The same representation for every task.</summary>
        protected IReadOnlyList<Tensor> ForEveryTask(Tensor z) => Enumerable.Repeat(z, Tasks.Count).ToArray();

        /// <summary>Task k's masked mean loss on its slice of the batch, given the representation its head sees.</summary>
        protected Tensor TaskLosses(int k, Tensor z, DataTensors data, BatchRows batch, Tensor rowIndex, EpochStatistics statistics)
        {
            var (mean, sum, count) = Loss(k, z, data, batch, rowIndex, statistics);
            statistics.AddLoss(k, sum, count);
            return mean;
        }

        /// <summary>
        /// Each task's loss on the same batch with the parameters as they are now (after the update), without gradients
        /// and without counting in the epoch's statistics: what a weighting that learns from the update's effect reads.
        /// </summary>
        public double[] LossesAfterUpdate(DataTensors data, BatchRows batch, Tensor rowIndex)
        {
            using var noGrad = torch.no_grad();
            var representations = Network.Representations(data.Features.index_select(0, rowIndex));
            return Enumerable.Range(0, Tasks.Count).Select(k => (double)Loss(k, representations[k], data, batch, rowIndex, null).Mean.item<float>()).ToArray();
        }

        // Task k's loss on its slice of the batch; its metric too when statistics are kept and training metrics are on.
        private (Tensor Mean, Tensor Sum, Tensor Count) Loss(int k, Tensor z, DataTensors data, BatchRows batch, Tensor rowIndex, EpochStatistics statistics)
        {
            var (start, length) = batch.Slices[k];
            // A task that reads the whole batch (the usual case) takes it as is: two views fewer per task and step.
            bool whole = start == 0 && length == batch.Rows.Length;
            var rows = whole ? rowIndex : rowIndex.narrow(0, start, length);
            var output = Network.Head(k, whole ? z : z.narrow(0, start, length));
            var labels = data.Labels[k].index_select(0, rows);
            var weights = data.RowWeights[k].index_select(0, rows);
            if (statistics != null)
                TrainingMetrics?.Add(k, output, labels, weights, statistics);
            return TaskLoss.Of(Tasks[k].Rules, output, labels, weights);
        }

        /// <summary>Gradients of <paramref name="loss"/> on <paramref name="inputs"/>; zeros for inputs it does not reach.</summary>
        protected static Tensor[] Gradients(Tensor loss, IList<Tensor> inputs)
        {
            var grads = torch.autograd.grad(new[] { loss }, inputs, retain_graph: true, allow_unused: true);
            return grads.Select((g, i) => g is null || g.IsInvalid ? torch.zeros_like(inputs[i]) : g).ToArray();
        }

        /// <summary>Sets the gradient of task k's own parameters to its task's gradient times the task's weight for this step.</summary>
        protected static void SetOwnGradients(IReadOnlyList<Parameter> owned, IReadOnlyList<Tensor> grads, float weight)
        {
            for (int i = 0; i < owned.Count; i++)
                owned[i].grad = grads[i].Times(weight);
        }
    }
}
