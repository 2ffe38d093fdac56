using System;
using Microsoft.ML;
using MultiTask.MLNet;

namespace GradientSurgery
{
    /// <summary>
    /// Seed 000's protocol: 4 shared dense layers of 100 (ReLU), two linear heads of 100, Adam with its defaults, batches
    /// of 100 drawn per task from its own rows, early stopping on the primary validation MSE (patience 10) with the best
    /// weights restored.
    /// </summary>
    public static partial class GradientSurgeryModel
    {
        /// <param name="weightInitialization">How the dense layers start: TorchSharp's default, or Keras' Glorot (the seed's own default).</param>
        public static MultiTaskTrainer BuildPipeline(MLContext ml, SurgeryConfiguration configuration, int initialisation,
            IDataView validation, int maxEpochs, IProgress<EpochRecord> progress = null, WeightInitialization weightInitialization = WeightInitialization.Default)
            => ml.MultiTask().Trainers.NeuralNetwork(new MultiTaskTrainer.Options
            {
                Tasks =
                {
                    TaskSpec.Regression(nameof(ModelInput.Primary)).AsPrimary(),
                    TaskSpec.Regression(nameof(ModelInput.Auxiliary), weight: configuration.Lambda),
                },
                HiddenLayers = new[] { 100, 100, 100, 100 },
                WeightInitialization = weightInitialization,
                // The seed's losses are plain MSEs of the raw targets; standardising them would change what lambda weighs.
                StandardizeRegressionLabels = false,
                BatchSize = 100,
                MaxEpochs = maxEpochs,
                Seed = initialisation, // same index, same initial weights, whatever the configuration
                GradientCombiner = configuration.Combiner(),
                GradientScope = configuration.Scope,
                TaskSampling = TaskSampling.PerTask,
                ValidationSet = validation,
                EarlyStoppingPatience = 10,
                EarlyStoppingCriterion = EarlyStoppingCriterion.PrimaryTaskLoss,
                Progress = progress,
            });

        /// <summary>Trains one configuration and returns the model with its primary test MSE.</summary>
        public static (MultiTaskTransformer Model, double TestMse) RetrainModel(MLContext ml, IDataView train, IDataView validation, IDataView test,
            SurgeryConfiguration configuration, int initialisation, int maxEpochs, IProgress<EpochRecord> progress = null,
            WeightInitialization weightInitialization = WeightInitialization.Default)
        {
            var model = BuildPipeline(ml, configuration, initialisation, validation, maxEpochs, progress, weightInitialization).Fit(train);
            var metrics = ml.MultiTask().Evaluate(model.Transform(test), new[] { model.Tasks[0] });
            return (model, metrics[nameof(ModelInput.Primary)].Regression.MeanSquaredError);
        }
    }
}
