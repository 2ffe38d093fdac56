using System.Linq;
using MultiTask.MLNet.Runtime;
using MultiTask.MLNet.Training;
using NUnit.Framework;
using TorchSharp;
using TorchSharp.Modules;

namespace MultiTask.MLNet.Tests
{
    /// <summary>
    /// The package's Adam against TorchSharp's torch.optim.Adam: the same arithmetic in the same order, so the same
    /// parameters bit for bit, including a parameter that misses gradients on some steps (its own step count, so its own
    /// bias corrections).
    /// </summary>
    public class AdamOptimizerTests
    {
        [OneTimeSetUp]
        public void Native() => TorchSharpRuntime.EnsureInitialized();

        [Test]
        public void MatchesTorchSharpsAdamBitForBit()
        {
            torch.random.manual_seed(7);
            var start = new[] { torch.randn(4, 3), torch.randn(3) };
            var ours = start.Select(t => new Parameter(t.clone())).ToArray();
            var theirs = start.Select(t => new Parameter(t.clone())).ToArray();
            using var adam = new AdamOptimizer(ours, 0.01);
            using var reference = torch.optim.Adam(theirs, 0.01);
            for (int step = 0; step < 30; step++)
            {
                using var scope = torch.NewDisposeScope();
                // The bias misses every third step's gradient, so the two parameters' step counts part.
                bool biasToo = step % 3 != 2;
                foreach (var set in new[] { ours, theirs })
                {
                    foreach (var p in set)
                        p.grad = null;
                    var loss = (set[0].sum(1) * torch.arange(4, dtype: torch.float32) - 1).square().sum();
                    if (biasToo)
                        loss = loss + (set[1] * set[1] * (step + 1)).sum();
                    loss.backward();
                }
                adam.Step();
                reference.step();
            }
            for (int i = 0; i < ours.Length; i++)
                Assert.That(ours[i].data<float>().ToArray(), Is.EqualTo(theirs[i].data<float>().ToArray()), $"parameter {i}");
            Assert.That(ours[1].data<float>().ToArray(), Is.Not.EqualTo(start[1].data<float>().ToArray()), "the bias did move");
        }
    }
}
