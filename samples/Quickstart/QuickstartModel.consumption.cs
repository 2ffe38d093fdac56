using System.IO;
using MultiTask.MLNet.Samples;

namespace Quickstart
{
    public static partial class QuickstartModel
    {
        /// <summary>Where Program saved the trained model.</summary>
        public static string ModelPath { get; set; } = Path.Combine("output", "quickstart", "house-model.zip");

        private static readonly SavedModelPredictor<ModelInput, ModelOutput> Predictor = new SavedModelPredictor<ModelInput, ModelOutput>(() => ModelPath);

        /// <summary>Predicts price, luxury and category of one house with the saved model (loaded once, on first use).</summary>
        public static ModelOutput Predict(ModelInput input) => Predictor.Predict(input);
    }
}
