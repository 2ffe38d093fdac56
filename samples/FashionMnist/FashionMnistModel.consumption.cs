using System.IO;
using MultiTask.MLNet.Samples;

namespace FashionMnist
{
    public static partial class FashionMnistModel
    {
        /// <summary>Where Program saved the classifier + autoencoder model.</summary>
        public static string ModelPath { get; set; } = Path.Combine("output", "fashion-mnist", "fashion-model.zip");

        private static readonly SavedModelPredictor<ModelInput, ModelOutput> Predictor = new SavedModelPredictor<ModelInput, ModelOutput>(() => ModelPath);

        /// <summary>Classifies and reconstructs one image with the saved model (loaded once, on first use).</summary>
        public static ModelOutput Predict(ModelInput input) => Predictor.Predict(input);
    }
}
