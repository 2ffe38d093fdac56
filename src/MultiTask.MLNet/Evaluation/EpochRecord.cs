using System.Collections.Generic;

namespace MultiTask.MLNet
{
    /// <summary>What one training epoch measured.</summary>
    public sealed class EpochRecord
    {
        internal EpochRecord(int epoch, IReadOnlyDictionary<string, double> trainingLoss, IReadOnlyDictionary<string, double> validationLoss,
            double weightedTrainingLoss, double? weightedValidationLoss, double? meanGradientCosine = null, long? gradientConflicts = null,
            IReadOnlyDictionary<string, double> taskWeights = null, IReadOnlyDictionary<string, double> rotationDistances = null,
            IReadOnlyDictionary<string, double> combinerWeights = null, IReadOnlyDictionary<string, double> updateCosines = null,
            IReadOnlyDictionary<string, double> trainingMetrics = null, IReadOnlyDictionary<string, double> validationMetrics = null,
            IReadOnlyDictionary<string, string> metricNames = null)
        {
            TrainingMetrics = trainingMetrics;
            ValidationMetrics = validationMetrics;
            MetricNames = metricNames;
            CombinerWeights = combinerWeights;
            UpdateCosines = updateCosines;
            TaskWeights = taskWeights;
            RotationDistances = rotationDistances;
            MeanGradientCosine = meanGradientCosine;
            GradientConflicts = gradientConflicts;
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

        /// <summary>
        /// With a gradient combiner: the mean over the epoch's steps of the mean pairwise cosine between the tasks'
        /// gradients on the shared trunk (or on z at representation level). Negative values mean conflicting tasks.
        /// Null without a combiner (the joint step never separates the task gradients).
        /// </summary>
        public double? MeanGradientCosine { get; }

        /// <summary>With a gradient combiner: how many times in the epoch the combiner changed a task gradient because of a conflict.</summary>
        public long? GradientConflicts { get; }

        /// <summary>
        /// Per task name: the loss weight in force at the end of the epoch: the fixed <see cref="TaskSpec.Weight"/>, or
        /// what a loss weighting (GradNorm, geometric mean) or RotoGradNorm chose for the epoch's last step.
        /// </summary>
        public IReadOnlyDictionary<string, double> TaskWeights { get; }

        /// <summary>
        /// Combiners that weight the task gradients (<see cref="GramWeightingCombiner"/> and any that call
        /// <see cref="Gradients.GradientCombinerContext.RecordWeights"/>): per task, the mean over the epoch's steps (and
        /// blocks) of the weight its gradient received in the update. Null for other combiners and without one.
        /// </summary>
        public IReadOnlyDictionary<string, double> CombinerWeights { get; }

        /// <summary>
        /// With a gradient combiner: per task, the mean over the epoch's steps (and blocks) of the cosine between the
        /// combined update and the task's gradient; positive means the update also decreased that task's loss (to
        /// first order). Steps where the task's gradient or the update was zero do not count. Null without a combiner.
        /// </summary>
        public IReadOnlyDictionary<string, double> UpdateCosines { get; }

        /// <summary>RotoGrad family only: per task, |R_k - I| (Frobenius norm), how far its rotation has turned. Null otherwise.</summary>
        public IReadOnlyDictionary<string, double> RotationDistances { get; }

        /// <summary>
        /// Per task name: the task's metric on the validation set after the epoch, in the label's units: RMSE for regression
        /// (pooled over a vector label's slots), accuracy for binary (probability above 0.5) and multiclass tasks (see
        /// <see cref="MetricNames"/>). Null without a validation set.
        /// </summary>
        public IReadOnlyDictionary<string, double> ValidationMetrics { get; }

        /// <summary>
        /// Per task name: the same metric over the epoch's training batches as they were trained (a running value, as Keras
        /// reports it, not a pass after the epoch); null unless <see cref="MultiTaskTrainer.Options.ReportTrainingMetrics"/> is set.
        /// </summary>
        public IReadOnlyDictionary<string, double> TrainingMetrics { get; }

        /// <summary>Per task name: which metric <see cref="ValidationMetrics"/> and <see cref="TrainingMetrics"/> hold ("RMSE", "accuracy").</summary>
        public IReadOnlyDictionary<string, string> MetricNames { get; }

        /// <summary>The same sum on the validation set (what early stopping follows); null without one.</summary>
        public double? WeightedValidationLoss { get; }
    }
}
