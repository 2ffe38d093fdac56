using System;
using MultiTask.MLNet.Runtime;
using MultiTask.MLNet.Tasks.Kinds;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Tasks
{
    /// <summary>
    /// Per-row losses of a task head and their masked, example-weighted mean: rows without the task's label
    /// (mask 0) neither add to the loss nor to its denominator.
    /// </summary>
    internal static class TaskLoss
    {
        /// <summary>
        /// Task loss of one batch: per-row losses of <paramref name="output"/> against <paramref name="labels"/>, averaged
        /// with <paramref name="rowWeight"/> (mask x example weight).
        /// </summary>
        public static (Tensor Mean, Tensor Sum, Tensor Count) Of(TaskKindRules rules, Tensor output, Tensor labels, Tensor rowWeight)
            => MaskedMean(rules.PerRowLoss(output, labels), rowWeight);

        /// <summary>
        /// The weighted mean of <paramref name="perRow"/> over rows with <paramref name="rowWeight"/> = mask x example weight;
        /// zero (with zero gradient) when no row of the batch has the label. Also returns the numerator and denominator for epoch means.
        /// </summary>
        public static (Tensor Mean, Tensor Sum, Tensor Count) MaskedMean(Tensor perRow, Tensor rowWeight)
        {
            var sum = perRow.dot(rowWeight);
            var count = rowWeight.sum();
            return (sum.div(count.AtLeast(1e-12)), sum, count);
        }
    }
}
