using System.IO;
using MultiTask.MLNet.Samples;

namespace TaskRelatedness
{
    public static partial class TaskRelatednessModel
    {
        /// <summary>Where Program saved the model it keeps (the lowest regression test MSE of all runs).</summary>
        public static string ModelPath { get; set; } = Path.Combine("output", "task-relatedness", "task-relatedness-model.zip");

        private static readonly SavedModelPredictor<ModelInput, ModelOutput> Predictor = new SavedModelPredictor<ModelInput, ModelOutput>(() => ModelPath);

        /// <summary>Predicts the three targets of one row with the saved model (loaded once, on first use).</summary>
        public static ModelOutput Predict(ModelInput input) => Predictor.Predict(input);
    }
}
