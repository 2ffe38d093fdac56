using System;
using Microsoft.ML;
using MultiTask.MLNet;

namespace AlternateTraining
{
    /// <summary>
    /// One trunk (2 x 32, ReLU) with a spend head and a churn head, trained on the two data sets concatenated, either
    /// jointly (every step sees both tasks' rows of a batch) or alternately (each step trains one task on a batch of its
    /// own rows, with one optimiser per task, as in seed 002).
    /// </summary>
    public static partial class AlternateTrainingModel
    {
        public static MultiTaskTrainer BuildPipeline(MLContext ml, TrainingSchedule schedule, AlternateTaskChoice choice, int maxEpochs,
            IDataView validation, IProgress<EpochRecord> progress = null, int seed = 1)
            => ml.MultiTask().Trainers.NeuralNetwork(new MultiTaskTrainer.Options
            {
                Tasks =
                {
                    // Spend is in currency units: its weight brings its squared error near the churn log-loss.
                    TaskSpec.Regression(nameof(ModelInput.Spend), weight: 0.01f),
                    TaskSpec.BinaryClassification(nameof(ModelInput.Churned)).WithHasLabelColumn(nameof(ModelInput.HasChurn)),
                },
                HiddenLayers = new[] { 32, 32 },
                // The seed's setup: the raw spend, weighted by hand (the trainer's default standardisation would do it instead).
                StandardizeRegressionLabels = false,
                MaxEpochs = maxEpochs,
                BatchSize = 32,
                LearningRate = 3e-3,
                Seed = seed,
                Schedule = schedule,
                AlternateTaskChoice = choice,
                OptimizerPerTask = schedule == TrainingSchedule.Alternate,
                ValidationSet = validation,
                EarlyStoppingPatience = maxEpochs, // keep every epoch's curve; the best epoch is still kept
                Progress = progress,
            });

        public static MultiTaskTransformer RetrainModel(MLContext ml, IDataView train, TrainingSchedule schedule, AlternateTaskChoice choice,
            int maxEpochs, IDataView validation, IProgress<EpochRecord> progress = null, int seed = 1)
            => BuildPipeline(ml, schedule, choice, maxEpochs, validation, progress, seed).Fit(train);
    }
}
