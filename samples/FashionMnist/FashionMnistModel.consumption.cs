using System;
using System.IO;
using Microsoft.ML;

namespace FashionMnist
{
    public static partial class FashionMnistModel
    {
        /// <summary>Where Program saved the classifier + autoencoder model.</summary>
        public static string ModelPath { get; set; } = Path.Combine("output", "fashion-mnist", "fashion-model.zip");

        private static readonly Lazy<PredictionEngine<ModelInput, ModelOutput>> PredictEngine = new Lazy<PredictionEngine<ModelInput, ModelOutput>>(CreatePredictEngine, true);

        /// <summary>Classifies and reconstructs one image with the saved model (loaded once, on first use).</summary>
        public static ModelOutput Predict(ModelInput input) => PredictEngine.Value.Predict(input);

        private static PredictionEngine<ModelInput, ModelOutput> CreatePredictEngine()
        {
            var ml = new MLContext();
            return ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(ml.Model.Load(ModelPath, out _));
        }
    }
}
