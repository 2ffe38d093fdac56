using System;
using System.Linq;
using MethodBenchmark;
using MethodBenchmark.MultiFashion;
using MethodBenchmark.Toy;
using NUnit.Framework;
using TorchSharp;

namespace MultiTask.MLNet.Tests
{
    /// <summary>The method benchmark's own arithmetic: the toy's hand-derived gradients, Delta_m and the Multi-Fashion images.</summary>
    public class MethodBenchmarkTests
    {
        [OneTimeSetUp]
        public void LoadTorch() => Runtime.TorchSharpRuntime.EnsureInitialized();

        // The toy's losses written the way the papers' code writes them, differentiated by autograd: the closed-form
        // gradients must agree, including at (0, 0) where both gates sit on their clamp's bound.
        [TestCase(-8.5, 7.5)]
        [TestCase(0, 0)]
        [TestCase(9, 9)]
        [TestCase(-7.5, -0.5)]
        [TestCase(9, -1)]
        [TestCase(1.3, -8.3552)]
        [TestCase(-3, 2)]
        [TestCase(-7, 0.0001)]
        public void ToyGradientsMatchAutograd(double x1, double x2)
        {
            var problem = new ToyProblem();
            var (f1, f2, g1, g2) = problem.Evaluate(x1, x2);
            using var scope = torch.NewDisposeScope();
            var x = torch.tensor(new[] { x1, x2 }, torch.float64).requires_grad_(true);
            var (r1, r2) = Reference(x, problem.Scale);
            Assert.That(f1, Is.EqualTo(r1.item<double>()).Within(1e-12));
            Assert.That(f2, Is.EqualTo(r2.item<double>()).Within(1e-12));
            var d1 = torch.autograd.grad(new[] { r1 }, new[] { x }, retain_graph: true)[0].data<double>().ToArray();
            var d2 = torch.autograd.grad(new[] { r2 }, new[] { x })[0].data<double>().ToArray();
            Assert.That(new[] { g1.D1, g1.D2 }, Is.EqualTo(d1).Within(1e-10), "gradient of f1");
            Assert.That(new[] { g2.D1, g2.D2 }, Is.EqualTo(d2).Within(1e-10), "gradient of f2");
        }

        [Test]
        public void TheParetoSegmentIsNearlyStationaryAndTheStartsAreNot()
        {
            var problem = new ToyProblem();
            const double gap = 0.05; // the benchmark's threshold for "ended on the front"
            foreach (double x1 in new[] { -6.0, -2, 0, 3, 6.0 })
                Assert.That(problem.StationarityGap(x1, ToyProblem.ParetoX2), Is.LessThan(gap), $"x1 = {x1}");
            foreach (var (x1, x2) in ToyProblem.Starts)
                Assert.That(problem.StationarityGap(x1, x2), Is.GreaterThan(0.25), $"start ({x1}, {x2})");
            // (9, 9) is a plateau: the scaled first loss's gradient is tiny there, yet the gradients agree, so it is far from stationary.
            Assert.That(problem.StationarityGap(9, 9), Is.GreaterThan(0.99));
        }

        [Test]
        public void StationarityGapIsTheMinimumNormConvexCombinationOfUnitGradients()
        {
            var problem = new ToyProblem();
            var (_, _, g1, g2) = problem.Evaluate(3, 2);
            double n1 = Math.Sqrt(g1.D1 * g1.D1 + g1.D2 * g1.D2), n2 = Math.Sqrt(g2.D1 * g2.D1 + g2.D2 * g2.D2);
            double best = Enumerable.Range(0, 100001).Select(i => i / 100000.0)
                .Min(w => Math.Sqrt(Math.Pow(w * g1.D1 / n1 + (1 - w) * g2.D1 / n2, 2) + Math.Pow(w * g1.D2 / n1 + (1 - w) * g2.D2 / n2, 2)));
            Assert.That(problem.StationarityGap(3, 2), Is.EqualTo(best).Within(1e-6));
        }

        [Test]
        public void DeltaMAveragesTheSignedRelativeChanges()
        {
            var metrics = new[] { new TaskMetric("a", "accuracy", true), new TaskMetric("b", "MSE", false) };
            // a: 0.9 against 0.8 is +12.5%; b: 0.5 against 1.0 (lower is better) is +50%; the mean is 31.25%.
            Assert.That(DeltaM.Of(metrics, new[] { 0.9, 0.5 }, new[] { 0.8, 1.0 }), Is.EqualTo(31.25).Within(1e-12));
            Assert.That(DeltaM.Of(metrics, new[] { 0.7, 1.5 }, new[] { 0.8, 1.0 }), Is.EqualTo(-31.25).Within(1e-12), "worse on both");
            Assert.That(() => DeltaM.Of(metrics, new[] { 0.9, 0.5 }, new[] { 0.8, 0.0 }), Throws.ArgumentException.With.Message.Contain("'b'"));
            Assert.That(() => DeltaM.Of(metrics, new[] { 0.9 }, new[] { 0.8, 1.0 }), Throws.ArgumentException);
        }

        [Test]
        public void MultiFashionPlacesTheItemsTopLeftAndBottomRightAndKeepsTheBrighterPixel()
        {
            var a = new float[28 * 28];
            var b = new float[28 * 28];
            a[0] = 1f;                    // a's corner: canvas (0, 0)
            a[27 * 28 + 27] = 0.2f;       // a's far corner: canvas (27, 27), inside b's square
            b[19 * 28 + 19] = 0.7f;       // b's (19, 19): canvas (27, 27) too
            b[27 * 28 + 27] = 0.5f;       // b's far corner: canvas (35, 35)
            var canvas = MultiFashionImages.Overlay(a, b);
            Assert.That(canvas[0], Is.EqualTo(1f));
            Assert.That(canvas[27 * 36 + 27], Is.EqualTo(0.7f), "the brighter of the two where they overlap");
            Assert.That(canvas[35 * 36 + 35], Is.EqualTo(0.5f));
            Assert.That(canvas.Count(v => v != 0), Is.EqualTo(3));
        }

        [Test]
        public void MultiFashionResizeInterpolatesBilinearly()
        {
            // A horizontal ramp (value = column) stays a ramp: output column c samples canvas column (c + 0.5) * 36 / 28 - 0.5.
            var canvas = Enumerable.Range(0, 36 * 36).Select(i => (float)(i % 36)).ToArray();
            var image = MultiFashionImages.Resize(canvas);
            for (int c = 0; c < 28; c++)
                Assert.That(image[5 * 28 + c], Is.EqualTo(Math.Clamp((c + 0.5) * 36 / 28 - 0.5, 0, 35)).Within(1e-4), $"column {c}");
        }

        [Test]
        public void MultiFashionIsDeterministicAndPairsDifferentItems()
        {
            var items = Enumerable.Range(0, 50).Select(i => (Pixels: Enumerable.Repeat(i / 50f, 784).ToArray(), Label: $"class {i % 10}")).ToList();
            var first = MultiFashionImages.Compose(items, seed: 1);
            var second = MultiFashionImages.Compose(items, seed: 1);
            Assert.That(first.Select(r => r.BottomRight), Is.EqualTo(second.Select(r => r.BottomRight)));
            Assert.That(first.Zip(second).All(p => p.First.Pixels.SequenceEqual(p.Second.Pixels)), Is.True);
            Assert.That(first.Select(r => r.TopLeft), Is.EqualTo(items.Select(i => i.Label)), "item i is the top-left one of image i");
            Assert.That(first.Count(r => r.TopLeft != r.BottomRight), Is.GreaterThan(30), "the partners are shuffled");
        }

        private static (torch.Tensor F1, torch.Tensor F2) Reference(torch.Tensor x, double scale)
        {
            var x1 = x[0];
            var x2 = x[1];
            var l1 = ((-x1 - 7) * 0.5 - torch.tanh(-x2)).abs().clamp_min(ToyProblem.Floor).log() + 6;
            var l2 = ((-x1 + 3) * 0.5 + torch.tanh(-x2) + 2).abs().clamp_min(ToyProblem.Floor).log() + 6;
            var up = torch.tanh(x2 * 0.5).clamp_min(0);
            var s1 = ((-x1 + 7).pow(2) + (-x2 - 8).pow(2) * 0.1) / 10 - 20;
            var s2 = ((-x1 - 7).pow(2) + (-x2 - 8).pow(2) * 0.1) / 10 - 20;
            var down = torch.tanh(-x2 * 0.5).clamp_min(0);
            return ((l1 * up + s1 * down) * scale, l2 * up + s2 * down);
        }
    }
}
