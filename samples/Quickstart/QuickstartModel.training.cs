using System;
using Microsoft.ML;
using MultiTask.MLNet;

namespace Quickstart
{
    public static partial class QuickstartModel
    {
        /// <summary>The features every model of this sample reads: the four raw columns, standardised; Category as a key.</summary>
        public static IEstimator<ITransformer> Featurize(MLContext ml)
            => ml.Transforms.Concatenate("Features", nameof(ModelInput.Size), nameof(ModelInput.Rooms), nameof(ModelInput.Age), nameof(ModelInput.Distance))
                .Append(ml.Transforms.NormalizeMeanVariance("Features"))
                .Append(ml.Transforms.Conversion.MapValueToKey(nameof(ModelInput.Category)));

        /// <summary>One network for price (regression), luxury (binary) and category (multiclass), then the category's name.</summary>
        public static IEstimator<ITransformer> BuildPipeline(MLContext ml, int maxEpochs, IProgress<EpochRecord> progress = null)
            => Featurize(ml)
                .Append(ml.MultiTask().Trainers.NeuralNetwork(new MultiTaskTrainer.Options
                {
                    Tasks =
                    {
                        // The price is in thousands: the trainer standardises regression labels (StandardizeRegressionLabels),
                        // so it does not drown the classification losses, and scores it back in thousands.
                        TaskSpec.Regression(nameof(ModelInput.Price)),
                        TaskSpec.BinaryClassification(nameof(ModelInput.IsLuxury)),
                        TaskSpec.MulticlassClassification(nameof(ModelInput.Category)),
                    },
                    HiddenLayers = new[] { 64, 32 },
                    MaxEpochs = maxEpochs,
                    BatchSize = 32,
                    LearningRate = 3e-3,
                    Progress = progress,
                }))
                .Append(ml.Transforms.Conversion.MapKeyToValue("CategoryName", "Category.PredictedLabel"));

        /// <summary>Trains the pipeline on <paramref name="trainingData"/>.</summary>
        public static ITransformer RetrainModel(MLContext ml, IDataView trainingData, int maxEpochs, IProgress<EpochRecord> progress = null)
            => BuildPipeline(ml, maxEpochs, progress).Fit(trainingData);
    }
}
