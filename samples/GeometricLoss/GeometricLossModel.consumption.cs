using System.IO;
using MultiTask.MLNet.Samples;

namespace GeometricLoss
{
    public static partial class GeometricLossModel
    {
        /// <summary>Where Program saved the model it keeps (geometric loss, hetero experiment).</summary>
        public static string ModelPath { get; set; } = Path.Combine("output", "geometric-loss", "geometric-model.zip");

        private static readonly SavedModelPredictor<ModelInput, ModelOutput> Predictor = new SavedModelPredictor<ModelInput, ModelOutput>(() => ModelPath);

        /// <summary>Predicts the five curves at one x with the saved model (loaded once, on first use).</summary>
        public static ModelOutput Predict(ModelInput input) => Predictor.Predict(input);
    }
}
