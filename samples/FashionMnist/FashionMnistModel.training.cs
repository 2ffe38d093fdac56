using System;
using Microsoft.ML;
using MultiTask.MLNet;

namespace FashionMnist
{
    /// <summary>
    /// The published MLP 256-128-100 as an encoder (trunk 256, 128) and a classifier head (100, then 10 classes); with
    /// <c>autoencoder</c>, a decoder head (256, then 784 pixels) learns to reconstruct the image from the same encoding.
    /// </summary>
    public static partial class FashionMnistModel
    {
        public static IEstimator<ITransformer> BuildPipeline(MLContext ml, bool autoencoder, int epochs, IProgress<EpochRecord> progress = null)
        {
            var options = new MultiTaskTrainer.Options
            {
                FeatureColumnName = nameof(ModelInput.Pixels),
                Tasks = { TaskSpec.MulticlassClassification(nameof(ModelInput.Label), headHiddenLayers: new[] { 100 }) },
                HiddenLayers = new[] { 256, 128 },
                MaxEpochs = epochs,
                BatchSize = 64,
                Seed = 1,
                Progress = progress,
            };
            if (autoencoder)
                options.Tasks.Add(TaskSpec.Regression(nameof(ModelInput.Pixels), name: "Reconstruction", weight: 1f, headHiddenLayers: new[] { 256 }));
            return ml.Transforms.Conversion.MapValueToKey(nameof(ModelInput.Label))
                .Append(ml.MultiTask().Trainers.NeuralNetwork(options))
                .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedName", "Label.PredictedLabel"));
        }

        public static ITransformer RetrainModel(MLContext ml, IDataView train, bool autoencoder, int epochs, IProgress<EpochRecord> progress = null)
            => BuildPipeline(ml, autoencoder, epochs, progress).Fit(train);
    }
}
