using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Runtime;
using MultiTask.MLNet.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Benchmarks
{
    /// <summary>
    /// One training epoch through the package against a hand-written TorchSharp loop over the same network, data,
    /// batch size and optimiser (the baseline), and the cost of turning an IDataView into training tensors.
    /// </summary>
    [MemoryDiagnoser(displayGenColumns: false)]
    public class TrainingOverheadBenchmarks
    {
        private const int Rows = 10_000;
        private const int BatchSize = 100;
        private MLContext ml;
        private BenchmarkData data;
        private IDataView view;
        private Tensor x;
        private Tensor[] y;
        private System.Collections.Generic.List<BoundTask> tasks;
        private TrainingData trainingData;

        [Params(NetworkShape.Seed000, NetworkShape.Wide, NetworkShape.TenHeadsOfOne, NetworkShape.TenHeadsOfTen)]
        public NetworkShape Shape { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            TorchSharpRuntime.EnsureInitialized();
            torch.set_num_threads(Environment.ProcessorCount);
            var (inputs, _, taskCount, outputs) = NetworkShapes.Of(Shape);
            ml = new MLContext(seed: 1);
            data = new BenchmarkData(Rows, inputs, taskCount, outputs);
            view = data.ToDataView();
            x = torch.tensor(data.Features, new long[] { Rows, inputs });
            y = data.Targets.Select(t => torch.tensor(t, new long[] { Rows, outputs })).ToArray();
            tasks = data.Tasks().Select(t => BoundTask.Bind(t, view.Schema)).ToList();
            trainingData = TrainingDataReader.Read(view, "Features", tasks, null, MultiTask.MLNet.Runtime.FitCancellation.None, "training data");
        }

        /// <summary>The baseline: build the same network and Adam, then one shuffled pass of mini-batches on tensors.</summary>
        [Benchmark(Baseline = true)]
        public float HandWrittenEpoch()
        {
            var (inputs, trunkSizes, tasks, outputs) = NetworkShapes.Of(Shape);
            torch.random.manual_seed(1);
            var layers = new System.Collections.Generic.List<(string, nn.Module<Tensor, Tensor>)>();
            int previous = inputs;
            for (int i = 0; i < trunkSizes.Length; i++)
            {
                layers.Add(($"l{i}", nn.Linear(previous, trunkSizes[i])));
                layers.Add(($"a{i}", nn.ReLU()));
                previous = trunkSizes[i];
            }
            using var trunk = nn.Sequential(layers);
            var heads = Enumerable.Range(0, tasks).Select(_ => nn.Linear(previous, outputs)).ToArray();
            using var optimizer = torch.optim.Adam(trunk.parameters().Concat(heads.SelectMany(h => h.parameters())));
            float last = HandWrittenLoop.Epoch(x, y, BatchSize, batch =>
            {
                var z = trunk.forward(batch);
                return heads.Select(h => h.forward(z)).ToArray();
            }, optimizer);
            foreach (var head in heads)
                head.Dispose();
            return last;
        }

        /// <summary>Everything a user's Fit does for one epoch: read the IDataView, train, export ONNX, build the scoring chain.</summary>
        [Benchmark]
        public MultiTaskTransformer TrainerFitOneEpoch() => ml.MultiTask().Trainers.NeuralNetwork(Options(1)).Fit(view);

        /// <summary>The package's training loop alone for one epoch, on data already read (no IDataView, no export).</summary>
        [Benchmark]
        public int TrainingLoopOneEpoch()
        {
            var (inputs, trunk, _, outputs) = NetworkShapes.Of(Shape);
            var options = Options(1);
            var layout = new Model.NetworkLayout(inputs, trunk, tasks.Select(_ => new Model.HeadLayout(Array.Empty<int>(), outputs)).ToList(), Activation.ReLU, 0);
            using var channel = ((Microsoft.ML.Runtime.IHostEnvironment)ml).Start("benchmark");
            var loop = new Training.TrainingLoop(options, tasks, 1, torch.CPU, channel, MultiTask.MLNet.Runtime.FitCancellation.None);
            return loop.Run(layout, new Training.Sampling.InMemoryRows(trainingData, Training.Sampling.BatchSampler.Factory(options, tasks)), null).History.Epochs.Count;
        }

        /// <summary>Only the conversion of the IDataView into training arrays (the data path).</summary>
        [Benchmark]
        public int ReadTrainingData()
        {
            return TrainingDataReader.Read(view, "Features", tasks, null, MultiTask.MLNet.Runtime.FitCancellation.None, "training data").RowCount;
        }

        private MultiTaskTrainer.Options Options(int epochs)
        {
            var (_, trunk, _, _) = NetworkShapes.Of(Shape);
            return new MultiTaskTrainer.Options { Tasks = data.Tasks(), HiddenLayers = trunk, MaxEpochs = epochs, BatchSize = BatchSize, Seed = 1 };
        }
    }
}
