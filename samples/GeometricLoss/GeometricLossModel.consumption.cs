using System;
using System.IO;
using Microsoft.ML;

namespace GeometricLoss
{
    public static partial class GeometricLossModel
    {
        /// <summary>Where Program saved the model it keeps (geometric loss, hetero experiment).</summary>
        public static string ModelPath { get; set; } = Path.Combine("output", "geometric-loss", "geometric-model.zip");

        private static readonly Lazy<PredictionEngine<ModelInput, ModelOutput>> PredictEngine = new Lazy<PredictionEngine<ModelInput, ModelOutput>>(CreatePredictEngine, true);

        /// <summary>Predicts the five curves at one x with the saved model (loaded once, on first use).</summary>
        public static ModelOutput Predict(ModelInput input) => PredictEngine.Value.Predict(input);

        private static PredictionEngine<ModelInput, ModelOutput> CreatePredictEngine()
        {
            var ml = new MLContext();
            return ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(ml.Model.Load(ModelPath, out _));
        }
    }
}
