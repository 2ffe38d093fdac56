using System.IO;
using MultiTask.MLNet.Samples;

namespace GradientSurgery
{
    public static partial class GradientSurgeryModel
    {
        /// <summary>Where Program saved the model it keeps (Projection on the "same" situation).</summary>
        public static string ModelPath { get; set; } = Path.Combine("output", "gradient-surgery", "projection-model.zip");

        private static readonly SavedModelPredictor<ModelInput, ModelOutput> Predictor = new SavedModelPredictor<ModelInput, ModelOutput>(() => ModelPath);

        /// <summary>Predicts both tasks for one row with the saved model (loaded once, on first use).</summary>
        public static ModelOutput Predict(ModelInput input) => Predictor.Predict(input);
    }
}
