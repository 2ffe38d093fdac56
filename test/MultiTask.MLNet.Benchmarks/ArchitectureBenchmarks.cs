using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Runtime;
using MultiTask.MLNet.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Benchmarks
{
    /// <summary>
    /// One training epoch of the package's loop under an architecture against a hand-written TorchSharp loop over the same
    /// network, data, batch size and Adam (the baseline): MMoE on tabular data, and the convolutional trunk on images of
    /// Fashion-MNIST's shape (1 x 28 x 28, random pixels: the cost does not depend on them).
    /// </summary>
    public class ArchitectureBenchmarks
    {
        public enum Case { MixtureOfExperts, ConvolutionalTrunk }

        private const int BatchSize = 64;
        private const int Experts = 8, ExpertSize = 64, TabularInputs = 100, Tasks = 3;
        private BenchmarkData data;
        private Tensor x;
        private Tensor[] y;
        private List<BoundTask> tasks;
        private TrainingData trainingData;
        private MLContext ml;

        [Params(Case.MixtureOfExperts, Case.ConvolutionalTrunk)]
        public Case Architecture { get; set; }

        private int Rows => Architecture == Case.MixtureOfExperts ? 10_000 : 2_000;

        private int Inputs => Architecture == Case.MixtureOfExperts ? TabularInputs : 28 * 28;

        [GlobalSetup]
        public void Setup()
        {
            TorchSharpRuntime.EnsureInitialized();
            torch.set_num_threads(Environment.ProcessorCount);
            ml = new MLContext(seed: 1);
            data = new BenchmarkData(Rows, Inputs, Tasks);
            var view = data.ToDataView();
            x = torch.tensor(data.Features, new long[] { Rows, Inputs });
            y = data.Targets.Select(t => torch.tensor(t, new long[] { Rows, 1 })).ToArray();
            tasks = data.Tasks().Select(t => BoundTask.Bind(t, view.Schema)).ToList();
            trainingData = TrainingDataReader.Read(view, "Features", tasks, null, FitCancellation.None, "training data");
        }

        /// <summary>The baseline: the same network in TorchSharp modules, Adam, one shuffled pass of mini-batches.</summary>
        [Benchmark(Baseline = true)]
        public float HandWrittenEpoch()
        {
            torch.random.manual_seed(1);
            var (encoders, mix, size) = Architecture == Case.MixtureOfExperts ? HandWrittenMixture() : HandWrittenConvolution();
            var heads = Enumerable.Range(0, Tasks).Select(_ => nn.Linear(size, 1)).ToArray();
            var parameters = encoders.SelectMany(e => e.parameters()).Concat(mix.SelectMany(g => g.parameters())).Concat(heads.SelectMany(h => h.parameters())).ToList();
            using var optimizer = torch.optim.Adam(parameters);
            float last = HandWrittenLoop.Epoch(x, y, BatchSize, batch =>
            {
                var representations = Architecture == Case.MixtureOfExperts ? MixtureForward(encoders, mix, batch) : ConvolutionForward(encoders[0], batch);
                return heads.Select((h, k) => h.forward(representations[k])).ToArray();
            }, optimizer);
            foreach (var module in encoders.Concat(mix).Concat(heads))
                module.Dispose();
            return last;
        }

        /// <summary>The package's training loop alone for one epoch, on data already read.</summary>
        [Benchmark]
        public int PackageEpoch()
        {
            var options = new MultiTaskTrainer.Options { Tasks = data.Tasks(), Architecture = Spec(), MaxEpochs = 1, BatchSize = BatchSize, Seed = 1, StandardizeRegressionLabels = false };
            var layout = new NetworkLayout(Inputs, Spec(), tasks.Select(_ => new HeadLayout(Array.Empty<int>(), 1)).ToList(), Activation.ReLU, 0);
            using var channel = ((Microsoft.ML.Runtime.IHostEnvironment)ml).Start("benchmark");
            var loop = new Training.TrainingLoop(options, tasks, 1, torch.CPU, channel, FitCancellation.None);
            return loop.Run(layout, new Training.Sampling.InMemoryRows(trainingData, Training.Sampling.BatchSampler.Factory(options, tasks)), null).History.Epochs.Count;
        }

        private MultiTaskArchitecture Spec() => Architecture == Case.MixtureOfExperts
            ? new MixtureOfExperts { Experts = Experts, ExpertLayers = new[] { ExpertSize } }
            : new ConvolutionalTrunk { Height = 28, Width = 28 };

        private static (nn.Module<Tensor, Tensor>[] Encoders, nn.Module<Tensor, Tensor>[] Gates, int Size) HandWrittenMixture()
            => (Enumerable.Range(0, Experts).Select(_ => (nn.Module<Tensor, Tensor>)nn.Sequential(nn.Linear(TabularInputs, ExpertSize), nn.ReLU())).ToArray(),
                Enumerable.Range(0, Tasks).Select(_ => (nn.Module<Tensor, Tensor>)nn.Linear(TabularInputs, Experts)).ToArray(), ExpertSize);

        private static Tensor[] MixtureForward(nn.Module<Tensor, Tensor>[] experts, nn.Module<Tensor, Tensor>[] gates, Tensor batch)
        {
            var stacked = torch.stack(experts.Select(e => e.forward(batch)).ToArray(), 1);
            return gates.Select(g => torch.softmax(g.forward(batch), -1).unsqueeze(1).matmul(stacked).squeeze(1)).ToArray();
        }

        // The ConvolutionalTrunk defaults: 32 and 64 filters, 3x3, padding 1, ReLU, 2x2 max pooling, then dense 128.
        private static (nn.Module<Tensor, Tensor>[] Encoders, nn.Module<Tensor, Tensor>[] Gates, int Size) HandWrittenConvolution()
            => (new nn.Module<Tensor, Tensor>[]
            {
                nn.Sequential(nn.Unflatten(1, new long[] { 1, 28, 28 }),
                    nn.Conv2d(1, 32, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
                    nn.Conv2d(32, 64, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
                    nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU()),
            }, Array.Empty<nn.Module<Tensor, Tensor>>(), 128);

        private static Tensor[] ConvolutionForward(nn.Module<Tensor, Tensor> encoder, Tensor batch)
        {
            var z = encoder.forward(batch);
            return Enumerable.Repeat(z, Tasks).ToArray();
        }
    }
}
