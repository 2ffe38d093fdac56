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
        private readonly List<Parameter>[] heads;

        public AlternateStep(MultiTaskNetwork network, IReadOnlyList<BoundTask> tasks, StepWeights weights) : base(network, tasks, weights)
            => heads = Enumerable.Range(0, tasks.Count).Select(k => network.HeadParameters(k).ToList()).ToArray();

        public override void Run(DataTensors data, BatchRows batch, Tensor rowIndex, EpochStatistics statistics)
        {
            int task = batch.Task.Value;
            var z = Network.Trunk(data.Features.index_select(0, rowIndex));
            var loss = TaskLosses(task, z, data, batch, rowIndex, statistics);
            (loss * Weights.Last[task]).backward();
            for (int k = 0; k < heads.Length; k++)
                if (k != task)
                    foreach (var p in heads[k])
                        p.grad = null;
        }
    }
}
