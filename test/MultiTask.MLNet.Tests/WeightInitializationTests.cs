using System;
using System.Linq;
using MultiTask.MLNet.Network;
using MultiTask.MLNet.Runtime;
using NUnit.Framework;
using TorchSharp;

namespace MultiTask.MLNet.Tests
{
    public class WeightInitializationTests
    {
        private static NetworkWeights Draw(WeightInitialization initialization, int seed = 3)
        {
            TorchSharpRuntime.EnsureInitialized();
            torch.random.manual_seed(seed);
            var layout = new NetworkLayout(300, new[] { 100 }, new[] { new HeadLayout(Array.Empty<int>(), 1) }, Activation.ReLU, 0, initialization);
            using var network = new MultiTaskNetwork(layout);
            return network.Snapshot();
        }

        [TestCase(WeightInitialization.GlorotUniform)]
        [TestCase(WeightInitialization.HeUniform)]
        [TestCase(WeightInitialization.Default)]
        public void FirstLayerIsUniformWithinTheRulesBound(WeightInitialization initialization)
        {
            double bound = initialization switch
            {
                WeightInitialization.GlorotUniform => Math.Sqrt(6.0 / (300 + 100)),
                WeightInitialization.HeUniform => Math.Sqrt(6.0 / 300),
                _ => 1 / Math.Sqrt(300),
            } * (1 + 1e-6);
            var layer = Draw(initialization).Trunk[0];
            double max = layer.Weight.Max(w => Math.Abs(w));
            Assert.That(max, Is.LessThanOrEqualTo(bound).And.GreaterThan(0.95 * bound), "uniform draws come close to the bound");
            if (initialization != WeightInitialization.Default)
                Assert.That(layer.Bias, Is.All.EqualTo(0f));
        }

        [Test]
        public void SameSeedSameWeights()
            => Assert.That(Draw(WeightInitialization.GlorotUniform).Trunk[0].Weight, Is.EqualTo(Draw(WeightInitialization.GlorotUniform).Trunk[0].Weight));
    }
}
