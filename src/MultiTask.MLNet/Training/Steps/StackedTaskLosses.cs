using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Runtime;
using MultiTask.MLNet.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Training.Steps
{
    /// <summary>
    /// The losses of several tasks of one kind on a shared batch, computed as one batched operation: their heads side by
    /// side, one elementwise loss over the concatenated outputs, one masked mean per task. With many small heads the
    /// fixed cost of each tensor operation dominates a step, and this does in about ten operations what task by task
    /// takes about ten per task. Mathematically the same losses; float rounding differs in the last bits.
    /// </summary>
    internal sealed class StackedTaskLosses
    {
        // Below this many tasks of a kind the saving is small, and models keep the task-by-task arithmetic they were
        // trained (and their published figures measured) with.
        private const int MinimumTasks = 4;

        private readonly IReadOnlyList<int> tasks;
        private readonly Tasks.Kinds.TaskKindRules rules;
        private readonly float[] averaging;
        private readonly int totalWidth;
        private readonly IReadOnlyList<int> widths;

        private StackedTaskLosses(IReadOnlyList<int> tasks, Tasks.Kinds.TaskKindRules rules, IReadOnlyList<int> widths)
        {
            this.tasks = tasks;
            this.rules = rules;
            this.widths = widths;
            totalWidth = widths.Sum();
            // [sum of widths, G]: column i averages task i's slots, turning elementwise losses into per-row losses. Only
            // for tasks of different widths: equal widths average by a reshape, without a constant made every step.
            averaging = widths.Distinct().Count() == 1 ? null : new float[totalWidth * tasks.Count];
            for (int i = 0, slot = 0; averaging != null && i < tasks.Count; slot += widths[i], i++)
                for (int j = 0; j < widths[i]; j++)
                    averaging[(slot + j) * tasks.Count + i] = 1f / widths[i];
        }

        /// <summary>The tasks this group computes.</summary>
        public IReadOnlyList<int> Tasks => tasks;

        /// <summary>The groups of <paramref name="bound"/>: per kind with an elementwise loss, its tasks when there are enough of them.</summary>
        public static IReadOnlyList<StackedTaskLosses> Find(IReadOnlyList<BoundTask> bound)
            => Enumerable.Range(0, bound.Count)
                .Where(k => bound[k].Rules.HasElementwiseLoss)
                .GroupBy(k => bound[k].Rules)
                .Where(g => g.Count() >= MinimumTasks)
                .Select(g => new StackedTaskLosses(g.ToArray(), g.Key, g.Select(k => bound[k].OutputSize).ToArray()))
                .ToArray();

        /// <summary>
        /// Each task's masked mean loss ([G]) on the whole batch <paramref name="rowIndex"/>, given every task's
        /// representation; the loss sums and weights go into <paramref name="statistics"/>, and each task's metric too when
        /// <paramref name="metrics"/> is given.
        /// </summary>
        public Tensor Means(MultiTaskNetwork network, IReadOnlyList<Tensor> representations, DataTensors data, Tensor rowIndex, EpochStatistics statistics,
            TaskMetricMeter metrics = null)
        {
            var z = representations[tasks[0]];
            var outputs = tasks.All(k => ReferenceEquals(representations[k], z))
                ? network.StackedHeads(tasks, z)
                : torch.cat(tasks.Select(k => network.Head(k, representations[k])).ToList(), 1);
            var (allLabels, rowWeights) = data.Stacked(tasks);
            var labels = allLabels.index_select(0, rowIndex);
            var elementwise = rules.ElementwiseLoss(outputs, labels);
            var perRow = averaging != null
                ? elementwise.matmul(torch.tensor(averaging, new long[] { totalWidth, tasks.Count }, device: elementwise.device))
                : widths[0] == 1 ? elementwise : elementwise.view(-1, tasks.Count, widths[0]).mean(new long[] { 2 });
            var weights = rowWeights.index_select(0, rowIndex);
            if (metrics != null)
                for (int i = 0, slot = 0; i < tasks.Count; slot += widths[i], i++)
                    metrics.Add(tasks[i], outputs.narrow(1, slot, widths[i]), labels.narrow(1, slot, widths[i]), weights.select(1, i), statistics);
            var sums = perRow.mul(weights).sum(dim: 0);
            var counts = weights.sum(dim: 0);
            statistics.AddLosses(tasks, sums, counts);
            return sums.div(counts.AtLeast(1e-12));
        }
    }
}
