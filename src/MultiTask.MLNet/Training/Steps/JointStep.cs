using System.Collections.Generic;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Network;
using MultiTask.MLNet.Tasks;
using MultiTask.MLNet.Training.Sampling;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Training.Steps
{
    /// <summary>The default step: one backward pass of the weighted sum of the task losses.</summary>
    internal sealed class JointStep : TrainingStep
    {
        public JointStep(MultiTaskNetwork network, IReadOnlyList<BoundTask> tasks) : base(network, tasks) { }

        public override void Run(DataTensors data, BatchRows batch, Tensor rowIndex, EpochStatistics statistics)
        {
            var z = Network.Trunk(data.Features.index_select(0, rowIndex));
            var losses = TaskLosses(z, data, batch, rowIndex, statistics);
            Tensor objective = losses[0] * Tasks[0].Spec.Weight;
            for (int k = 1; k < losses.Length; k++)
                objective = objective + losses[k] * Tasks[k].Spec.Weight;
            objective.backward();
        }
    }
}
