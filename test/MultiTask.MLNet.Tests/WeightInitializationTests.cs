using System;
using System.Linq;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Runtime;
using NUnit.Framework;
using TorchSharp;

namespace MultiTask.MLNet.Tests
{
    public class WeightInitializationTests
    {
        private static MultiTask.MLNet.Model.StateDict Draw(WeightInitialization initialization, int seed = 3)
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
            var state = Draw(initialization);
            double max = state["shared.layer0.weight"].Values.Max(w => Math.Abs(w));
            Assert.That(max, Is.LessThanOrEqualTo(bound).And.GreaterThan(0.95 * bound), "uniform draws come close to the bound");
            if (initialization != WeightInitialization.Default)
                Assert.That(state["shared.layer0.bias"].Values, Is.All.EqualTo(0f));
        }

        [Test]
        public void SameSeedSameWeights()
            => Assert.That(StateValues.Of(Draw(WeightInitialization.GlorotUniform)), Is.EqualTo(StateValues.Of(Draw(WeightInitialization.GlorotUniform))));
    }
}
