using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet.Export;
using MultiTask.MLNet.Gradients;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Onnx;
using MultiTask.MLNet.Runtime;
using MultiTask.MLNet.Scoring;
using MultiTask.MLNet.Tasks;
using NUnit.Framework;
using TorchSharp;

namespace MultiTask.MLNet.Tests
{
    public class RotoGradTests
    {
        [OneTimeSetUp]
        public void Native() => TorchSharpRuntime.EnsureInitialized();

        private static GradientCombinerContext Context(int tasks = 2)
            => new GradientCombinerContext(Enumerable.Range(0, tasks).Select(k => $"t{k}").ToList(), Enumerable.Repeat(1f, tasks).ToList(), null, 0);

        private static float[] Combine(IGradientCombiner combiner, params float[][] rows)
        {
            using var scope = torch.NewDisposeScope();
            return combiner.Combine(0, torch.tensor(rows.SelectMany(r => r).ToArray(), new long[] { rows.Length, rows[0].Length })).data<float>().ToArray();
        }

        [Test]
        public void RotationsStayOrthogonalAfterManySteps()
        {
            var layout = new NetworkLayout(3, new[] { 6 }, new[] { new HeadLayout(Array.Empty<int>(), 1), new HeadLayout(Array.Empty<int>(), 1) }, Activation.ReLU, 0);
            torch.random.manual_seed(5);
            using var network = new MultiTaskNetwork(layout, rotatedSize: 6);
            using var optimizer = torch.optim.Adam(network.RotationParameters, 0.05);
            using var target = torch.randn(6, 6);
            for (int step = 0; step < 500; step++)
            {
                using var scope = torch.NewDisposeScope();
                optimizer.zero_grad();
                (network.Rotation(0) * target).sum().backward();
                (network.Rotation(1) * -target).sum().backward();
                optimizer.step();
            }
            using var check = torch.NewDisposeScope();
            for (int k = 0; k < 2; k++)
            {
                var r = network.Rotation(k).detach();
                var gram = r.matmul(r.t()).data<float>().ToArray();
                var identity = torch.eye(6).data<float>().ToArray();
                Assert.That(gram, Is.EqualTo(identity).Within(1e-5));
            }
            Assert.That(network.RotationDistances(), Has.All.GreaterThan(0.5), "the rotations did turn");
        }

        [Test]
        public void WithTwoIdenticalTasksRotoGradIsThePlainSum()
        {
            var rotoGrad = new RotoGradCombiner();
            rotoGrad.Reset(Context());
            float[] g = { 0.3f, -1.2f, 2f };
            Assert.That(Combine(rotoGrad, g, g), Is.EqualTo(g.Select(x => 2 * x).ToArray()).Within(1e-5));
        }

        [Test]
        public void RotoGradScalingMatchesAHandComputedCase()
        {
            var rotoGrad = new RotoGradCombiner(burnInPeriod: 20);
            rotoGrad.Reset(Context());
            // Step 1 sets the initial norms (5 and 1): r = (1, 1), a = (1/2, 1/2), S = 3:
            // (3, 4) / 5 * 3 + (1, 0) * 3 = (4.8, 2.4).
            Assert.That(Combine(rotoGrad, new[] { 3f, 4 }, new[] { 1f, 0 }), Is.EqualTo(new[] { 4.8f, 2.4f }).Within(1e-5));
            // Step 2: norms 2.5 and 2, r = (0.5, 2), a = (0.2, 0.8), S = 0.2 * 2.5 + 0.8 * 2 = 2.1:
            // (0, 1) * 2.1 + (0, 1) * 2.1 = (0, 4.2).
            Assert.That(Combine(rotoGrad, new[] { 0f, 2.5f }, new[] { 0f, 2 }), Is.EqualTo(new[] { 0f, 4.2f }).Within(1e-5));
        }

        [Test]
        public void GradNormMovesWeightTowardTheSlowerTask()
        {
            var gradNorm = new GradNormWeighting(alpha: 1.5, learningRate: 0.025);
            gradNorm.Reset(new LossWeightingContext(new[] { "fast", "slow" }, new[] { 1f, 1f }));
            double[] norms = { 1, 1 };
            Assert.That(gradNorm.Weights(new LossWeightingInputs(0, new[] { 1.0, 1.0 }, () => norms)), Is.EqualTo(new[] { 1f, 1f }));
            // Ratios 0.1 and 0.9 (relative 0.2 and 1.8): targets 0.2^1.5 and 1.8^1.5 around G = 1, so the fast task's
            // weight steps down by 0.025 and the slow one's up; the sum stays 2.
            gradNorm.Weights(new LossWeightingInputs(1, new[] { 0.1, 0.9 }, () => norms));
            var weights = gradNorm.Weights(new LossWeightingInputs(2, new[] { 0.1, 0.9 }, () => norms));
            Assert.That(weights, Is.EqualTo(new[] { 0.975f, 1.025f }).Within(1e-6));
        }

        [Test]
        public void GeometricMeanLossValueAndGradientMatchHandComputedValues()
        {
            Assert.That(GeometricMeanWeighting.GeometricMean(new[] { 1.0, 4.0 }), Is.EqualTo(2.0).Within(1e-12));
            var geometric = new GeometricMeanWeighting();
            geometric.Reset(new LossWeightingContext(new[] { "a", "b" }, new[] { 1f, 1f }));
            // w_k = L / (K L_k) = 2 / (2 * 1), 2 / (2 * 4).
            var weights = geometric.Weights(new LossWeightingInputs(0, new[] { 1.0, 4.0 }, null));
            Assert.That(weights, Is.EqualTo(new[] { 1f, 0.25f }).Within(1e-6));

            // With L_a = a^2, L_b = b^2 at a = 1, b = 2: exp(mean log L) = |a b|, whose gradient is (|b|, |a|) = (2, 1).
            using var scope = torch.NewDisposeScope();
            var a = torch.tensor(1f).requires_grad_(true);
            var b = torch.tensor(2f).requires_grad_(true);
            var weighted = a.square() * weights[0] + b.square() * weights[1];
            var grads = torch.autograd.grad(new[] { weighted }, new[] { a, b });
            Assert.That(grads.Select(g => g.item<float>()), Is.EqualTo(new[] { 2f, 1f }).Within(1e-6));
        }

        [Test]
        public void FoldedRotationsScoreLikeTheRotatedNetwork()
        {
            var ml = new MLContext(seed: 1);
            var data = SyntheticData.Load(ml, 40, seed: 2);
            var tasks = new[] { TaskSpec.Regression("Price"), TaskSpec.BinaryClassification("IsLuxury"), TaskSpec.MulticlassClassification("Category") }
                .Select(t => BoundTask.Bind(t, data.Schema)).ToList();
            var layout = new NetworkLayout(4, new[] { 6 }, tasks.Select(t => new HeadLayout(new[] { 3 }, t.OutputSize)).ToList(), Activation.Tanh, 0);
            torch.random.manual_seed(9);
            using var network = new MultiTaskNetwork(layout, rotatedSize: 4);
            using (torch.no_grad())
                foreach (var p in network.RotationParameters)
                    p.copy_(torch.randn(4, 4));
            network.eval();
            var onnx = MultiTaskOnnxExporter.Export(layout, network.Snapshot(), tasks, "Features", batched: false);
            var scored = ScoringChain.Build(ml, onnx, "Features", 4, tasks, data.Schema).Transform(data);

            using var scope = torch.NewDisposeScope();
            var x = torch.tensor(SyntheticData.Rows(40, 2).SelectMany(r => r.Features).ToArray(), new long[] { 40, 4 });
            var raw = network.forward(x).Select(t => t.detach().data<float>().ToArray()).ToArray();
            Assert.That(scored.GetColumn<float>("Price.Score").ToArray(), Is.EqualTo(raw[0]).Within(1e-5));
            Assert.That(scored.GetColumn<float>("IsLuxury.Score").ToArray(), Is.EqualTo(raw[1]).Within(1e-5));
            Assert.That(network.RotationDistances(), Has.All.GreaterThan(0.1));
        }

        [TestCase(typeof(RotateOnlyCombiner))]
        [TestCase(typeof(RotoGradCombiner))]
        [TestCase(typeof(RotoGradNormCombiner))]
        public void RotoGradFamilyTrainsSavesAndExports(Type kind)
        {
            var ml = new MLContext(seed: 1);
            var data = SyntheticData.Load(ml, 200, seed: 3);
            var options = TrainerTests.AllKinds(epochs: 5);
            options.GradientCombiner = kind == typeof(RotoGradNormCombiner) ? new RotoGradNormCombiner(alpha: 1, rotationLearningRate: 0.01)
                : (IGradientCombiner)Activator.CreateInstance(kind, null, 20, false, 0.01);
            var model = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(data);
            var last = model.TrainingHistory.Epochs.Last();
            Assert.That(last.RotationDistances.Values, Has.All.GreaterThan(0), "rotations moved");
            if (kind == typeof(RotoGradNormCombiner))
                Assert.That(last.TaskWeights.Values.Sum(), Is.EqualTo(3).Within(1e-4), "RotoGradNorm weights sum to K");

            var stream = new MemoryStream();
            ml.Model.Save(model, data.Schema, stream);
            stream.Position = 0;
            var loaded = new MLContext().Model.Load(stream, out _);
            Assert.That(loaded.Transform(data).GetColumn<float>("Price.Score").ToArray(),
                Is.EqualTo(model.Transform(data).GetColumn<float>("Price.Score").ToArray()).Within(1e-6));

            var onnx = new MemoryStream();
            model.SaveAsOnnx(onnx);
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(onnx.ToArray());
            var features = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(SyntheticData.Rows(200, 3).SelectMany(r => r.Features).ToArray(), new[] { 200, 4 });
            using var results = session.Run(new[] { Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor("Features", features) });
            Assert.That(results.Single(r => r.Name == "Price.Score").AsTensor<float>().ToArray(),
                Is.EqualTo(model.Transform(data).GetColumn<float>("Price.Score").ToArray()).Within(1e-5));
        }

        [Test]
        public void RotoGradRefusesWeightingsAndPerTaskSampling()
        {
            var ml = new MLContext(seed: 1);
            var options = TrainerTests.AllKinds();
            options.GradientCombiner = new RotoGradCombiner();
            options.LossWeighting = new GeometricMeanWeighting();
            Assert.That(Assert.Catch(() => ml.MultiTask().Trainers.NeuralNetwork(options)).Message, Does.Contain("Options.LossWeighting"));
            options.LossWeighting = null;
            options.TaskSampling = TaskSampling.PerTask;
            Assert.That(Assert.Catch(() => ml.MultiTask().Trainers.NeuralNetwork(options)).Message, Does.Contain("Options.TaskSampling"));
            options.TaskSampling = TaskSampling.SharedBatch;
            options.GradientCombiner = new RotoGradCombiner(rotatedSize: 99);
            Assert.That(Assert.Catch(() => ml.MultiTask().Trainers.NeuralNetwork(options).Fit(SyntheticData.Load(ml, 20, 1))).Message,
                Does.Contain("RotatedSize is 99"));
        }
    }
}
