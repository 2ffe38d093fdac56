using System.IO;
using MultiTask.MLNet.Samples;

namespace AlternateTraining
{
    public static partial class AlternateTrainingModel
    {
        /// <summary>Where Program saved the alternately trained model.</summary>
        public static string ModelPath { get; set; } = Path.Combine("output", "alternate-training", "alternate-model.zip");

        private static readonly SavedModelPredictor<ModelInput, ModelOutput> Predictor = new SavedModelPredictor<ModelInput, ModelOutput>(() => ModelPath);

        /// <summary>Predicts spend and churn of one customer with the saved model (loaded once, on first use).</summary>
        public static ModelOutput Predict(ModelInput input) => Predictor.Predict(input);
    }
}
