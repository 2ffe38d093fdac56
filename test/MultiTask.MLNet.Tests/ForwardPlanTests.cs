using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Model.Ops;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    /// <summary>
    /// The compiled single-sample forward pass (what PredictionEngine runs) against a plain double-precision evaluation
    /// of the same dense network, on widths that take both of its layer kernels: 13 and 9 outputs take the column kernel
    /// with a remainder past the vector width, 3 and 1 the row kernel.
    /// </summary>
    public class ForwardPlanTests
    {
        private static readonly NetworkLayout Layout = new NetworkLayout(5, new[] { 13, 9 },
            new[] { new HeadLayout(new[] { 3 }, 1), new HeadLayout(Array.Empty<int>(), 4) }, Activation.Tanh, 0.3f);

        private static StateDict RandomWeights(int seed)
        {
            var random = new Random(seed);
            return new StateDict(Layout.Parameters.Select(p => KeyValuePair.Create(p.Name,
                new StateTensor(p.Shape.ToArray(), Enumerable.Range(0, (int)p.Count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray()))));
        }

        // y = tanh(W x + b) layer by layer in doubles, the last layer of each stack not activated.
        private static double[] Reference(StateDict w, IEnumerable<string> layers, double[] x, bool activateLast)
        {
            var names = layers.ToList();
            for (int l = 0; l < names.Count; l++)
            {
                var weight = w[names[l] + ".weight"];
                var bias = w[names[l] + ".bias"].Values;
                int inputs = (int)weight.Shape[1];
                var input = x;
                x = bias.Select((b, o) => b + Enumerable.Range(0, inputs).Sum(i => (double)weight.Values[o * inputs + i] * input[i])).ToArray();
                if (l < names.Count - 1 || activateLast)
                    x = x.Select(Math.Tanh).ToArray();
            }
            return x;
        }

        [Test]
        public void MatchesADirectEvaluationOfTheNetwork()
        {
            var weights = RandomWeights(3);
            var workspace = ForwardPlan.Compile(Layout, weights).NewWorkspace();
            var random = new Random(4);
            for (int sample = 0; sample < 5; sample++)
            {
                var x = Enumerable.Range(0, 5).Select(_ => random.NextDouble() * 4 - 2).ToArray();
                x.Select(v => (float)v).ToArray().CopyTo(workspace.Input);
                workspace.Run();
                var trunk = Reference(weights, new[] { "shared.layer0", "shared.layer1" }, x.Select(v => (double)(float)v).ToArray(), activateLast: true);
                Assert.That(workspace.Output(0).ToArray(), Is.EqualTo(Reference(weights, new[] { "heads.0.layer0", "heads.0.layer1" }, trunk, false)).Within(1e-5));
                Assert.That(workspace.Output(1).ToArray(), Is.EqualTo(Reference(weights, new[] { "heads.1.layer0" }, trunk, false)).Within(1e-5));
            }
        }

        [Test]
        public void ARunDependsOnlyOnItsOwnInput()
        {
            var plan = ForwardPlan.Compile(Layout, RandomWeights(5));
            var first = plan.NewWorkspace();
            var second = plan.NewWorkspace();
            new float[] { 1, -2, 0.5f, 3, -1 }.CopyTo(first.Input);
            first.Run();
            var expected = first.Output(1).ToArray();
            new float[] { float.NaN, 7, 7, 7, 7 }.CopyTo(second.Input);
            second.Run();
            first.Run();
            Assert.That(second.Output(1).ToArray(), Has.All.NaN, "a NaN feature reaches every output");
            Assert.That(first.Output(1).ToArray(), Is.EqualTo(expected), "the buffers are the workspace's own, and a run leaves nothing behind");
        }
    }
}
