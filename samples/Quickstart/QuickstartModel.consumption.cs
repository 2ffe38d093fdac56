using System;
using System.IO;
using Microsoft.ML;

namespace Quickstart
{
    public static partial class QuickstartModel
    {
        /// <summary>Where Program saved the trained model.</summary>
        public static string ModelPath { get; set; } = Path.Combine("output", "quickstart", "house-model.zip");

        private static readonly Lazy<PredictionEngine<ModelInput, ModelOutput>> PredictEngine = new Lazy<PredictionEngine<ModelInput, ModelOutput>>(CreatePredictEngine, true);

        /// <summary>Predicts price, luxury and category of one house with the saved model (loaded once, on first use).</summary>
        public static ModelOutput Predict(ModelInput input) => PredictEngine.Value.Predict(input);

        private static PredictionEngine<ModelInput, ModelOutput> CreatePredictEngine()
        {
            var ml = new MLContext();
            var model = ml.Model.Load(ModelPath, out _);
            return ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);
        }
    }
}
