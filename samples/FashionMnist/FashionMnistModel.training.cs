using System;
using Microsoft.ML;
using MultiTask.MLNet;

namespace FashionMnist
{
    /// <summary>Which encoder the classifier (and the autoencoder's decoder) reads.</summary>
    public enum Encoder
    {
        /// <summary>The published MLP 256-128-100: a dense encoder 256, 128 and a classifier head of 100.</summary>
        Dense,

        /// <summary>
        /// The published "2 Conv + pooling": the image as 1 x 28 x 28, two 3x3 convolutions (32 and 64 filters, padding 1),
        /// each followed by ReLU and 2x2 max pooling, then dense 128; a linear classifier head.
        /// </summary>
        Conv,
    }

    /// <summary>
    /// A classifier of the ten classes on a <see cref="Encoder"/>; with <c>autoencoder</c>, a decoder head (256, then 784
    /// pixels) learns to reconstruct the image from the same encoding.
    /// </summary>
    public static partial class FashionMnistModel
    {
        /// <summary>The labels as keys, the network, and the predicted key back to its class name.</summary>
        public static IEstimator<ITransformer> BuildPipeline(MLContext ml, Encoder encoder, bool autoencoder, int epochs, int threads, IProgress<EpochRecord> progress = null)
            => ml.Transforms.Conversion.MapValueToKey(nameof(ModelInput.Label))
                .Append(BuildTrainer(ml, encoder, autoencoder, epochs, threads, progress))
                .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedName", "Label.PredictedLabel"));

        public static MultiTaskTrainer BuildTrainer(MLContext ml, Encoder encoder, bool autoencoder, int epochs, int threads, IProgress<EpochRecord> progress = null)
        {
            var options = new MultiTaskTrainer.Options
            {
                FeatureColumnName = nameof(ModelInput.Pixels),
                Tasks = { TaskSpec.MulticlassClassification(nameof(ModelInput.Label), headHiddenLayers: encoder == Encoder.Dense ? new[] { 100 } : Array.Empty<int>()) },
                Architecture = encoder == Encoder.Dense ? DenseEncoder() : ConvEncoder(),
                MaxEpochs = epochs,
                BatchSize = 64,
                Seed = 1,
                NumberOfThreads = threads,
                Progress = progress,
            };
            if (autoencoder)
                options.Tasks.Add(TaskSpec.Regression(nameof(ModelInput.Pixels), name: "Reconstruction", weight: 1f, headHiddenLayers: new[] { 256 }));
            return ml.MultiTask().Trainers.NeuralNetwork(options);
        }

        /// <summary>The MLP's encoder: dense 256, 128.</summary>
        public static MultiTaskArchitecture DenseEncoder() => new HardParameterSharing { HiddenLayers = new[] { 256, 128 } };

        /// <summary>
        /// Two 3x3 convolutions (32 and 64 filters, padding 1, each followed by 2x2 max pooling) on the 1 x 28 x 28 image, then
        /// dense 128: the trunk's default <see cref="ConvolutionalTrunk.Convolutions"/> are exactly these two layers.
        /// </summary>
        public static MultiTaskArchitecture ConvEncoder() => new ConvolutionalTrunk
        {
            Channels = 1,
            Height = ModelInput.Side,
            Width = ModelInput.Side,
            HiddenLayers = new[] { 128 },
        };

        /// <summary>Trains the pipeline on <paramref name="train"/>.</summary>
        public static ITransformer RetrainModel(MLContext ml, IDataView train, Encoder encoder, bool autoencoder, int epochs, int threads, IProgress<EpochRecord> progress = null)
            => BuildPipeline(ml, encoder, autoencoder, epochs, threads, progress).Fit(train);
    }
}
