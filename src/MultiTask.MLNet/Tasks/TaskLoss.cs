using System;
using MultiTask.MLNet.Runtime;
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
        /// <summary>Loss of every row: squared error averaged over the outputs, BCE with logits, or cross-entropy.</summary>
        public static Tensor PerRow(TaskKind kind, Tensor output, Tensor labels) => kind switch
        {
            TaskKind.Regression => (output - labels).Squared().mean(new long[] { 1 }),
            TaskKind.BinaryClassification => nn.functional.binary_cross_entropy_with_logits(output.squeeze(1), labels.squeeze(1), reduction: nn.Reduction.None),
            TaskKind.MulticlassClassification => nn.functional.cross_entropy(output, labels.squeeze(1).to_type(ScalarType.Int64), reduction: nn.Reduction.None),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        /// <summary>
        /// Task loss of one batch: per-row losses of <paramref name="output"/> against <paramref name="labels"/>, averaged
        /// with <paramref name="rowWeight"/> (mask x example weight).
        /// </summary>
        public static (Tensor Mean, Tensor Sum, Tensor Count) Of(TaskKind kind, Tensor output, Tensor labels, Tensor rowWeight)
            => MaskedMean(PerRow(kind, output, labels), rowWeight);

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
