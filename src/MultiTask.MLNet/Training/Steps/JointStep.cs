using System.Collections.Generic;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Tasks;
using MultiTask.MLNet.Training.Sampling;
using MultiTask.MLNet.Runtime;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Training.Steps
{
    /// <summary>The default step: one backward pass of the weighted sum of the task losses.</summary>
    internal sealed class JointStep : TrainingStep
    {
        public JointStep(MultiTaskNetwork network, IReadOnlyList<BoundTask> tasks, StepWeights weights) : base(network, tasks, weights) { }

        public override void Run(DataTensors data, BatchRows batch, Tensor rowIndex, EpochStatistics statistics)
        {
            var representations = Network.Representations(data.Features.index_select(0, rowIndex));
            var losses = TaskLosses(representations, data, batch, rowIndex, statistics);
            var w = Weights.For(losses);
            Tensor objective = Weighted(losses[0], w[0]);
            for (int k = 1; k < losses.Length; k++)
                objective = objective.Plus(Weighted(losses[k], w[k]));
            objective.backward();
        }

        // A weight of 1 (the default) multiplies by nothing: x * 1 is x exactly, and the step saves a native scalar and a product.
        private static Tensor Weighted(Tensor loss, float weight) => weight == 1 ? loss : loss.Times(weight);
    }
}
