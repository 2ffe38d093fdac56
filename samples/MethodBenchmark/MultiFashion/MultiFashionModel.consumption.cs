using System.IO;
using MultiTask.MLNet.Samples;

namespace MethodBenchmark.MultiFashion
{
    public static partial class MultiFashionModel
    {
        /// <summary>Where the benchmark saved the multi-task LeNet it keeps (the highest mean test accuracy of the run).</summary>
        public static string ModelPath { get; set; } = Path.Combine("output", "method-benchmark", "multi-fashion-model.zip");

        private static readonly SavedModelPredictor<MultiFashionRow, MultiFashionOutput> Predictor =
            new SavedModelPredictor<MultiFashionRow, MultiFashionOutput>(() => ModelPath);

        /// <summary>Classifies both items of one image with the saved model (loaded once, on first use).</summary>
        public static MultiFashionOutput Predict(MultiFashionRow input) => Predictor.Predict(input);
    }
}
