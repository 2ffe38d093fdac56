using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Tasks;
using MultiTask.MLNet.Training.Sampling;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Training.Steps
{
    /// <summary>
    /// The alternate schedule's step: the batch's one task trains the shared parameters and its own; every other task's
    /// parameters' gradient is cleared (not zeroed), so no optimiser moves it, not even through Adam's momentum.
    /// </summary>
    internal sealed class AlternateStep : TrainingStep
    {
        public AlternateStep(MultiTaskNetwork network, IReadOnlyList<BoundTask> tasks, StepWeights weights) : base(network, tasks, weights) { }

        public override void Run(DataTensors data, BatchRows batch, Tensor rowIndex, EpochStatistics statistics)
        {
            int task = batch.Task.Value;
            var representations = Network.Representations(data.Features.index_select(0, rowIndex));
            var loss = TaskLosses(task, representations[task], data, batch, rowIndex, statistics);
            (loss * Weights.Last[task]).backward();
            for (int k = 0; k < Owned.Count; k++)
                if (k != task)
                    foreach (var p in Owned[k])
                        p.grad = null;
        }
    }
}
