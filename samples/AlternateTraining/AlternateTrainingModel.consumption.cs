using System;
using System.IO;
using Microsoft.ML;

namespace AlternateTraining
{
    public static partial class AlternateTrainingModel
    {
        /// <summary>Where Program saved the alternately trained model.</summary>
        public static string ModelPath { get; set; } = Path.Combine("output", "alternate-training", "alternate-model.zip");

        private static readonly Lazy<PredictionEngine<ModelInput, ModelOutput>> PredictEngine = new Lazy<PredictionEngine<ModelInput, ModelOutput>>(CreatePredictEngine, true);

        /// <summary>Predicts spend and churn of one customer with the saved model (loaded once, on first use).</summary>
        public static ModelOutput Predict(ModelInput input) => PredictEngine.Value.Predict(input);

        private static PredictionEngine<ModelInput, ModelOutput> CreatePredictEngine()
        {
            var ml = new MLContext();
            return ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(ml.Model.Load(ModelPath, out _));
        }
    }
}
