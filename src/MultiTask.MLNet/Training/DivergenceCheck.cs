using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Tasks;
using MultiTask.MLNet.Training.Steps;
using TorchSharp;

namespace MultiTask.MLNet.Training
{
    /// <summary>
    /// Stops a Fit whose model has diverged (a NaN or infinite loss or weight) instead of returning it: such a model
    /// scores NaN for every row. Checked once per epoch, where the epoch's losses are read anyway, so that no training
    /// step waits for a value from the device.
    /// </summary>
    internal sealed class DivergenceCheck
    {
        private readonly IReadOnlyList<BoundTask> tasks;
        private readonly MultiTaskTrainer.Options options;

        public DivergenceCheck(IReadOnlyList<BoundTask> tasks, MultiTaskTrainer.Options options)
        {
            this.tasks = tasks;
            this.options = options;
        }

        /// <summary>Throws when a task's training loss or any weight is no longer finite after <paramref name="epoch"/>.</summary>
        public void AfterTraining(int epoch, EpochStatistics statistics, MultiTaskNetwork network)
        {
            if (statistics.NonFiniteTask() is int k)
                throw new InvalidOperationException(
                    $"Training diverged in epoch {epoch}: the training loss of task '{tasks[k].Name}' is {statistics.MeanLosses()[k]}. " + Causes());
            if (!AllFinite(network))
                throw new InvalidOperationException(
                    $"Training diverged in epoch {epoch}: every task's loss was finite, but a gradient overflowed and the network's weights " +
                    "are no longer finite numbers. " + Causes());
        }

        /// <summary>Throws when a task's validation loss is NaN or infinite although its training loss is finite.</summary>
        public static void AfterValidation(int epoch, EpochStatistics statistics, IReadOnlyList<BoundTask> tasks)
        {
            if (statistics.NonFiniteTask() is int k)
                throw new InvalidOperationException(
                    $"The validation loss of task '{tasks[k].Name}' is {statistics.MeanLosses()[k]} after epoch {epoch}, although training is " +
                    "finite: the validation data has feature (or label) values far outside the training data's range, for example because it " +
                    "was not transformed like the training data. Early stopping cannot compare such losses.");
        }

        private string Causes()
            => "Likely causes: feature values far from 0 (for example 1e30; normalise the features with NormalizeMinMax or " +
               "NormalizeMeanVariance), regression labels on a huge scale" + (options.StandardizeRegressionLabels ? "" : " (StandardizeRegressionLabels is off)") +
               $", or a learning rate too high (LearningRate = {options.LearningRate}). No model was returned.";

        private static bool AllFinite(MultiTaskNetwork network)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var finite = network.parameters().Select(p => p.isfinite().all()).ToArray();
            return finite.Length == 0 || torch.stack(finite).all().item<bool>();
        }
    }
}
