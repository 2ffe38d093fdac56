using System.Collections.Generic;

namespace MultiTask.MLNet
{
    /// <summary>What one training epoch measured.</summary>
    public sealed class EpochRecord
    {
        internal EpochRecord(int epoch, IReadOnlyDictionary<string, double> trainingLoss, IReadOnlyDictionary<string, double> validationLoss,
            double weightedTrainingLoss, double? weightedValidationLoss)
        {
            Epoch = epoch;
            TrainingLoss = trainingLoss;
            ValidationLoss = validationLoss;
            WeightedTrainingLoss = weightedTrainingLoss;
            WeightedValidationLoss = weightedValidationLoss;
        }

        /// <summary>1-based epoch number.</summary>
        public int Epoch { get; }

        /// <summary>Per task name: the mean loss over the epoch's labelled training rows (MSE, BCE or cross-entropy).</summary>
        public IReadOnlyDictionary<string, double> TrainingLoss { get; }

        /// <summary>Per task name: the loss on the validation set after the epoch; null without a validation set.</summary>
        public IReadOnlyDictionary<string, double> ValidationLoss { get; }

        /// <summary>Sum over tasks of weight times training loss: the objective that was minimised.</summary>
        public double WeightedTrainingLoss { get; }

        /// <summary>The same sum on the validation set (what early stopping follows); null without one.</summary>
        public double? WeightedValidationLoss { get; }
    }
}
