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
    /// The alternate schedule's step: the batch's one task trains the trunk and its own head; every other head's
    /// gradient is cleared (not zeroed), so no optimiser moves it, not even through Adam's momentum.
    /// </summary>
    internal sealed class AlternateStep : TrainingStep
    {
        public AlternateStep(MultiTaskNetwork network, IReadOnlyList<BoundTask> tasks, StepWeights weights) : base(network, tasks, weights) { }

        public override void Run(DataTensors data, BatchRows batch, Tensor rowIndex, EpochStatistics statistics)
        {
            int task = batch.Task.Value;
            var z = Network.Trunk(data.Features.index_select(0, rowIndex));
            var loss = TaskLosses(task, z, data, batch, rowIndex, statistics);
            (loss * Weights.Last[task]).backward();
            for (int k = 0; k < Heads.Count; k++)
                if (k != task)
                    foreach (var p in Heads[k])
                        p.grad = null;
        }
    }
}
