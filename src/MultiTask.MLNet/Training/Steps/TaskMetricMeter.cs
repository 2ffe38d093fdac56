using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Training.Steps
{
    /// <summary>
    /// Each task's epoch metric (RMSE in the label's units, accuracy), accumulated from batches' outputs without
    /// gradients, as Keras reports <c>metrics=</c> beside the loss: on the validation rows after every epoch, and on the
    /// training batches as they train when <see cref="MultiTaskTrainer.Options.ReportTrainingMetrics"/> asks for it.
    /// </summary>
    internal sealed class TaskMetricMeter : IDisposable
    {
        private readonly IReadOnlyList<BoundTask> tasks;
        private readonly Tensor[] scales;

        public TaskMetricMeter(IReadOnlyList<BoundTask> tasks, NetworkLayout layout, Device device)
        {
            this.tasks = tasks;
            // Per regression head trained on standardised labels, its scale per slot: errors back in the label's units.
            scales = layout.Heads.Select(h => h.Scaling == null ? null : torch.tensor(h.Scaling.Scale, device: device)).ToArray();
        }

        /// <summary>Adds task <paramref name="task"/>'s metric terms of one batch, weighted by <paramref name="rowWeights"/>.</summary>
        public void Add(int task, Tensor output, Tensor labels, Tensor rowWeights, EpochStatistics statistics)
        {
            using var noGrad = torch.no_grad();
            statistics.AddMetric(task, tasks[task].Rules.EpochMetricTerms(output.detach(), labels, scales[task]).dot(rowWeights));
        }

        /// <summary>Per task name, the epoch's metric from <paramref name="statistics"/>; null when none was measured.</summary>
        public IReadOnlyDictionary<string, double> Finish(EpochStatistics statistics)
        {
            var means = statistics.MeanMetricTerms();
            return means == null ? null
                : tasks.Select((t, k) => (t.Name, Value: double.IsNaN(means[k]) ? double.NaN : t.Rules.FinishEpochMetric(means[k]))).ToDictionary(p => p.Name, p => p.Value);
        }

        /// <summary>Per task name, the metric's name.</summary>
        public IReadOnlyDictionary<string, string> Names => tasks.ToDictionary(t => t.Name, t => t.Rules.EpochMetricName);

        public void Dispose()
        {
            foreach (var scale in scales)
                scale?.Dispose();
        }
    }
}
