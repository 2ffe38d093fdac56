using System;
using System.IO;
using Microsoft.ML;

namespace GradientSurgery
{
    public static partial class GradientSurgeryModel
    {
        /// <summary>Where Program saved the model it keeps (Projection on the "same" situation).</summary>
        public static string ModelPath { get; set; } = Path.Combine("output", "gradient-surgery", "projection-model.zip");

        private static readonly Lazy<PredictionEngine<ModelInput, ModelOutput>> PredictEngine = new Lazy<PredictionEngine<ModelInput, ModelOutput>>(CreatePredictEngine, true);

        /// <summary>Predicts both tasks for one row with the saved model (loaded once, on first use).</summary>
        public static ModelOutput Predict(ModelInput input) => PredictEngine.Value.Predict(input);

        private static PredictionEngine<ModelInput, ModelOutput> CreatePredictEngine()
        {
            var ml = new MLContext();
            return ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(ml.Model.Load(ModelPath, out _));
        }
    }
}
