using Microsoft.ML;
using MultiTask.MLNet.Runtime;
using NUnit.Framework;
using TorchSharp;

namespace MultiTask.MLNet.Tests
{
    public class NativeMemoryTests
    {
        private static long LiveTensorsLeftBy(int epochs, IDataView data, MLContext ml, MultiTaskTrainer.Options options)
        {
            options.MaxEpochs = epochs;
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            ml.MultiTask().Trainers.NeuralNetwork(options).Fit(data);
            return DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
        }

        [TestCase("hard sharing")]
        [TestCase("MMoE")]
        [TestCase("cross-stitch, convolutional columns")]
        public void FitLeavesNoLiveTensorsWhateverTheNumberOfEpochs(string architecture)
        {
            TorchSharpRuntime.EnsureInitialized();
            var ml = new MLContext(seed: 1);
            var data = SyntheticData.Load(ml, 150, seed: 1);
            var valid = SyntheticData.Load(ml, 50, seed: 2);
            var options = TrainerTests.AllKinds();
            options.ValidationSet = valid;
            options.EarlyStoppingPatience = 100;
            options.Dropout = 0.1f;
            options.Architecture = architecture switch
            {
                "MMoE" => new MixtureOfExperts { Experts = 2, ExpertLayers = new[] { 8 } },
                "cross-stitch, convolutional columns" => new CrossStitch
                {
                    ColumnNetwork = new ConvolutionalTrunk { Height = 2, Width = 2, Convolutions = new[] { new ConvolutionLayer(2) { KernelSize = 2, PoolSize = 2 } } },
                },
                _ => null,
            };
            long start = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            using (torch.ones(3))
                Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(start + 1), "the counter sees native tensors");
            LiveTensorsLeftBy(1, data, ml, options); // warm-up: first use may allocate process-wide tensors
            Assert.That(LiveTensorsLeftBy(1, data, ml, options), Is.EqualTo(0));
            Assert.That(LiveTensorsLeftBy(6, data, ml, options), Is.EqualTo(0));
        }

        // TorchSharp leaves implicit Scalars to the finalizer; a collection on another thread used to free one in the middle
        // of a LibTorch call within two Fits ("Expected false to be true", "Unknown scalar type"). The training path holds
        // its Scalars (ExplicitScalars, AdamOptimizer), so Fits, with and without gradient surgery, survive a thread that
        // collects all the time.
        [Test]
        public void FitsSurviveGarbageCollectionsOnAnotherThread()
        {
            var ml = new MLContext(seed: 1);
            var data = SyntheticData.Load(ml, 300, seed: 1);
            using var stop = new System.Threading.CancellationTokenSource();
            var collector = new System.Threading.Thread(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    System.GC.Collect();
                    System.GC.WaitForPendingFinalizers();
                }
            }) { IsBackground = true };
            collector.Start();
            try
            {
                for (int seed = 0; seed < 6; seed++)
                {
                    var options = TrainerTests.AllKinds(epochs: 4);
                    options.Seed = seed;
                    // The joint step, gradient surgery and the RotoGrad family each have their own arithmetic.
                    options.GradientCombiner = (seed % 3) switch { 1 => new PCGradCombiner(), 2 => new RotoGradCombiner(), _ => null };
                    Assert.DoesNotThrow(() => ml.MultiTask().Trainers.NeuralNetwork(options).Fit(data), $"Fit {seed}");
                }
            }
            finally
            {
                stop.Cancel();
                collector.Join();
            }
        }
    }
}
