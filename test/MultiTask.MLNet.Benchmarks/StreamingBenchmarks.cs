using System.IO;
using BenchmarkDotNet.Attributes;
using Microsoft.ML;

namespace MultiTask.MLNet.Benchmarks
{
    /// <summary>
    /// A Fit from a binary <c>.idv</c> file that fits in memory: copied into memory once (the baseline) against streamed
    /// from the file on every epoch (<see cref="MultiTaskTrainer.Options.StreamTrainingData"/>). With one and with four
    /// epochs, so that the cost of an epoch is the difference divided by three, apart from each Fit's fixed cost (the
    /// in-memory copy; the streaming scan; export).
    /// </summary>
    [MemoryDiagnoser(displayGenColumns: false)]
    public class StreamingBenchmarks
    {
        private const int Rows = 200_000;
        private MLContext ml;
        private IDataView data;

        [Params(1, 4)]
        public int Epochs { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            Runtime.TorchSharpRuntime.EnsureInitialized();
            ml = new MLContext(seed: 1);
            string path = Path.Combine(Path.GetTempPath(), "multitask-mlnet-bench", $"rows-{Rows}x{IdvFile.Inputs}.idv");
            data = ml.Data.LoadFromBinary(IdvFile.Ensure(ml, path, Rows));
        }

        [Benchmark(Baseline = true)]
        public MultiTaskTransformer InMemoryFit() => Fit(stream: false);

        [Benchmark]
        public MultiTaskTransformer StreamingFit() => Fit(stream: true);

        private MultiTaskTransformer Fit(bool stream) => ml.MultiTask().Trainers.NeuralNetwork(new MultiTaskTrainer.Options
        {
            Tasks = IdvFile.TaskSpecs(), HiddenLayers = new[] { 64, 32 }, MaxEpochs = Epochs, BatchSize = 256, Seed = 1, StreamTrainingData = stream,
        }).Fit(data);
    }
}
