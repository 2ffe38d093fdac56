using System;
using System.Linq;
using MultiTask.MLNet.Gradients;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    /// <summary>
    /// The Gram-matrix weightings on hand-computed cases (K = 2 and 3: identical, opposite, zero, nearly collinear
    /// gradients) and on the property each paper states, checked on the vectors themselves.
    /// </summary>
    public class GramWeightingTests
    {
        private static double[,] GramOf(double[][] g)
        {
            int k = g.Length;
            var gram = new double[k, k];
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                    gram[i, j] = Dot(g[i], g[j]);
            return gram;
        }

        private static double Dot(double[] a, double[] b) => a.Select((v, i) => v * b[i]).Sum();

        private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));

        private static double[] Update(double[][] g, double[] w)
            => Enumerable.Range(0, g[0].Length).Select(p => g.Select((row, k) => w[k] * row[p]).Sum()).ToArray();

        private static double[][] Random(int k, int p, int seed, double conflict = 0)
        {
            var random = new Random(seed);
            var g = Enumerable.Range(0, k).Select(_ => Enumerable.Range(0, p).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToArray();
            for (int i = 1; i < k; i++)
                for (int j = 0; j < p; j++)
                    g[i][j] -= conflict * g[0][j];
            return g;
        }

        private static double[] Weights(GramWeightingCombiner method, params double[][] g) => method.Weights(0, GramOf(g));

        // --- MGDA ---

        [Test]
        public void MgdaOnHandComputedPairs()
        {
            var mgda = new MgdaCombiner();
            Assert.That(Weights(mgda, new[] { 1.0, 0 }, new[] { 0.0, 1 }), Is.EqualTo(new[] { 0.5, 0.5 }).Within(1e-9), "orthogonal, equal norms");
            Assert.That(Weights(mgda, new[] { 1.0, 0 }, new[] { 0.0, 2 }), Is.EqualTo(new[] { 0.8, 0.2 }).Within(1e-9), "orthogonal: w ∝ 1/|g|^2");
            Assert.That(Weights(mgda, new[] { 1.0, 0 }, new[] { 3.0, 0 }), Is.EqualTo(new[] { 1.0, 0 }).Within(1e-9), "collinear: the shorter one");
            Assert.That(Norm(Update(new[] { new[] { 1.0, 0 }, new[] { -2.0, 0 } }, Weights(mgda, new[] { 1.0, 0 }, new[] { -2.0, 0 }))),
                Is.LessThan(1e-9), "opposite: 0 is in the hull");
            Assert.That(Weights(mgda, new[] { 1.0, 2 }, new[] { 0.0, 0 }), Is.EqualTo(new[] { 0.0, 1 }).Within(1e-9), "a zero gradient is the min-norm point");
        }

        [Test]
        public void MgdaPairsMatchTheClosedForm()
        {
            for (int seed = 0; seed < 20; seed++)
            {
                var g = Random(2, 5, seed, conflict: 0.5);
                var gram = GramOf(g);
                double gamma = Math.Clamp((gram[1, 1] - gram[0, 1]) / (gram[0, 0] + gram[1, 1] - 2 * gram[0, 1]), 0, 1);
                Assert.That(new MgdaCombiner().Weights(0, gram), Is.EqualTo(new[] { gamma, 1 - gamma }).Within(1e-7), $"seed {seed}");
            }
        }

        [TestCase(3, 0.0)]
        [TestCase(3, 0.8)]
        [TestCase(5, 0.6)]
        public void MgdaGivesTheMinimumNormPointOfTheHull(int k, double conflict)
        {
            for (int seed = 0; seed < 10; seed++)
            {
                var g = Random(k, 8, seed, conflict);
                var w = Weights(new MgdaCombiner(), g);
                var d = Update(g, w);
                double squared = Dot(d, d);
                // Optimality on the simplex: every g_k . d >= |d|^2, with equality where w_k > 0.
                for (int i = 0; i < k; i++)
                {
                    Assert.That(Dot(g[i], d), Is.GreaterThanOrEqualTo(squared - 1e-8), $"seed {seed}, task {i}");
                    if (w[i] > 1e-6)
                        Assert.That(Dot(g[i], d), Is.EqualTo(squared).Within(1e-7), $"seed {seed}, task {i}");
                }
            }
        }

        [Test]
        public void MgdaOnNearlyCollinearGradients()
        {
            var g = new[] { new[] { 1.0, 0 }, new[] { 1.0, 1e-4 } };
            var d = Update(g, Weights(new MgdaCombiner(), g));
            Assert.That(d[0], Is.EqualTo(1).Within(1e-9));
            Assert.That(Dot(g[1], d), Is.GreaterThanOrEqualTo(Dot(d, d) - 1e-12));
        }

        // --- CAGrad ---

        [Test]
        public void CAGradWithCZeroIsTheMean()
        {
            var g = Random(3, 6, 1, conflict: 0.9);
            Assert.That(Weights(new CAGradCombiner(c: 0), g), Is.EqualTo(new[] { 1 / 3.0, 1 / 3.0, 1 / 3.0 }).Within(1e-12));
        }

        [Test]
        public void CAGradOnOrthogonalGradientsMovesAlongTheMean()
        {
            // g0 = (0.5, 0.5); the worst task's gain is maximised at w = (1/2, 1/2): d = 1.5 g0, rescaled by 1 / 1.25.
            Assert.That(Weights(new CAGradCombiner(), new[] { 1.0, 0 }, new[] { 0.0, 1 }), Is.EqualTo(new[] { 0.6, 0.6 }).Within(1e-6));
        }

        [TestCase(0.5)]
        [TestCase(2.0)]
        public void CAGradStaysOnTheBallAroundTheMeanAndHelpsTheWorstTask(double c)
        {
            for (int seed = 0; seed < 10; seed++)
            {
                var g = Random(3, 6, seed, conflict: 0.7);
                var d = Update(g, Weights(new CAGradCombiner(c, rescale: false), g));
                var mean = Update(g, new[] { 1 / 3.0, 1 / 3.0, 1 / 3.0 });
                Assert.That(Norm(d.Select((v, i) => v - mean[i]).ToArray()), Is.EqualTo(c * Norm(mean)).Within(1e-6 * Norm(mean)), $"seed {seed}");
                // d maximises min_k g_k . d on that ball: no other point of it does better (sampled).
                double worst = g.Min(row => Dot(row, d));
                var random = new Random(seed);
                for (int trial = 0; trial < 200; trial++)
                {
                    var direction = Enumerable.Range(0, 6).Select(_ => random.NextDouble() * 2 - 1).ToArray();
                    double scale = c * Norm(mean) / Norm(direction);
                    var other = mean.Select((v, i) => v + scale * direction[i]).ToArray();
                    Assert.That(g.Min(row => Dot(row, other)), Is.LessThanOrEqualTo(worst + 1e-6), $"seed {seed}");
                }
            }
        }

        // --- IMTL-G ---

        [Test]
        public void ImtlGOnAHandComputedPair()
            => Assert.That(Weights(new ImtlGCombiner(), new[] { 1.0, 0 }, new[] { 0.0, 2 }), Is.EqualTo(new[] { 2 / 3.0, 1 / 3.0 }).Within(1e-12));

        [Test]
        public void ImtlGProjectsEquallyOnEveryUnitGradient()
        {
            for (int seed = 0; seed < 10; seed++)
            {
                var g = Random(3, 6, seed, conflict: 0.5);
                var d = Update(g, Weights(new ImtlGCombiner(), g));
                var projections = g.Select(row => Dot(row, d) / Norm(row)).ToArray();
                Assert.That(projections, Is.All.EqualTo(projections[0]).Within(1e-9), $"seed {seed}");
            }
        }

        // --- Aligned-MTL ---

        [Test]
        public void AlignedMtlOnOrthogonalGradientsScalesThemToTheSmallestNorm()
            => Assert.That(Weights(new AlignedMtlCombiner(), new[] { 1.0, 0 }, new[] { 0.0, 2 }), Is.EqualTo(new[] { 1.0, 0.5 }).Within(1e-12));

        [Test]
        public void AlignedMtlSumsOrthogonalGradientsOfEqualNorm()
        {
            // With B symmetric, d = sum_k (g B)_k: the aligned gradients are the rows of B g. Checked through the update's
            // Gram matrix: for 3 independent gradients, d . d = K l_min (K orthogonal rows of squared norm l_min).
            for (int seed = 0; seed < 10; seed++)
            {
                var g = Random(3, 6, seed, conflict: 0.6);
                var gram = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(GramOf(g));
                double smallest = gram.Evd().EigenValues.Min(v => v.Real);
                var d = Update(g, Weights(new AlignedMtlCombiner(), g));
                Assert.That(Dot(d, d), Is.EqualTo(3 * smallest).Within(1e-9), $"seed {seed}");
            }
        }

        [Test]
        public void AlignedMtlOfZeroGradientsIsZero()
            => Assert.That(Norm(Update(new[] { new[] { 0.0, 0 }, new[] { 0.0, 0 } }, Weights(new AlignedMtlCombiner(), new[] { 0.0, 0 }, new[] { 0.0, 0 }))), Is.Zero);

        // --- UPGrad and DualProj ---

        [Test]
        public void UPGradAndDualProjAreTheMeanWithoutConflicts()
        {
            var g = new[] { new[] { 1.0, 0 }, new[] { 1.0, 1 }, new[] { 0.0, 3 } };
            Assert.That(Weights(new UPGradCombiner(), g), Is.EqualTo(new[] { 1 / 3.0, 1 / 3.0, 1 / 3.0 }).Within(1e-12));
            Assert.That(Weights(new DualProjCombiner(), g), Is.EqualTo(new[] { 1 / 3.0, 1 / 3.0, 1 / 3.0 }).Within(1e-12));
        }

        [TestCase(2)]
        [TestCase(3)]
        [TestCase(5)]
        public void UPGradAndDualProjConflictWithNoTask(int k)
        {
            foreach (var method in new GramWeightingCombiner[] { new UPGradCombiner(), new DualProjCombiner() })
                for (int seed = 0; seed < 10; seed++)
                {
                    var g = Random(k, 8, seed, conflict: 0.9);
                    var w = Weights(method, g);
                    var d = Update(g, w);
                    double trace = g.Sum(row => Dot(row, row));
                    // The regularisation bounds the conflict: g_k . d >= -1e-4 trace(G) w_k.
                    for (int i = 0; i < k; i++)
                        Assert.That(Dot(g[i], d), Is.GreaterThanOrEqualTo(-1e-4 * trace * w[i] - 1e-9), $"{method.GetType().Name}, seed {seed}, task {i}");
                    Assert.That(w.All(v => v >= 1.0 / k - 1e-12) || method is UPGradCombiner, Is.True, "DualProj stays above the mean's weights");
                }
        }

        [Test]
        public void UPGradOnOppositeGradientsCancels()
        {
            var w = Weights(new UPGradCombiner(), new[] { 1.0, 0 }, new[] { -1.0, 0 });
            Assert.That(Norm(Update(new[] { new[] { 1.0, 0 }, new[] { -1.0, 0 } }, w)), Is.LessThan(1e-9));
        }

        // --- ConFIG ---

        [TestCase(2)]
        [TestCase(3)]
        public void ConFIGProjectsEquallyAndPositivelyOnEveryUnitGradient(int k)
        {
            for (int seed = 0; seed < 10; seed++)
            {
                var g = Random(k, 6, seed, conflict: 0.7);
                var d = Update(g, Weights(new ConFIGCombiner(), g));
                var projections = g.Select(row => Dot(row, d) / Norm(row) / Norm(d)).ToArray();
                Assert.That(projections, Is.All.EqualTo(projections[0]).Within(1e-9).And.All.GreaterThan(0), $"seed {seed}");
                // |d| is the sum of the gradients' projections on its direction.
                Assert.That(Norm(d), Is.EqualTo(g.Sum(row => Dot(row, d)) / Norm(d)).Within(1e-9));
            }
        }

        [Test]
        public void ConFIGOnOrthogonalUnitGradientsIsTheirSum()
            => Assert.That(Weights(new ConFIGCombiner(), new[] { 1.0, 0 }, new[] { 0.0, 1 }), Is.EqualTo(new[] { 1.0, 1 }).Within(1e-12));

        // --- Nash-MTL ---

        [Test]
        public void NashMtlOnOrthogonalGradients()
        {
            // G_n = diag(1, 4) / sqrt(17): a_k^2 (G_n)_kk = 1.
            double root = Math.Pow(17, 0.25);
            Assert.That(Weights(new NashMtlCombiner(maxNorm: 0), new[] { 1.0, 0 }, new[] { 0.0, 2 }), Is.EqualTo(new[] { root, root / 2 }).Within(1e-9));
        }

        [TestCase(2)]
        [TestCase(3)]
        [TestCase(6)]
        public void NashMtlSolvesTheBargainingEquation(int k)
        {
            for (int seed = 0; seed < 10; seed++)
            {
                var g = Random(k, 8, seed, conflict: 0.5);
                var gram = GramOf(g);
                double frobenius = Math.Sqrt(gram.Cast<double>().Sum(v => v * v));
                var a = new NashMtlCombiner(maxNorm: 0).Weights(0, gram);
                for (int i = 0; i < k; i++)
                    Assert.That(a[i] * Enumerable.Range(0, k).Sum(j => gram[i, j] * a[j]) / frobenius, Is.EqualTo(1).Within(1e-9), $"seed {seed}, task {i}");
            }
        }

        [Test]
        public void NashMtlClipsTheUpdateAndSkipsZeroGradients()
        {
            var g = new[] { new[] { 3.0, 0 }, new[] { 0.0, 0 }, new[] { 0.0, 4 } };
            var w = Weights(new NashMtlCombiner(), g);
            Assert.That(w[1], Is.Zero);
            Assert.That(Norm(Update(g, w)), Is.EqualTo(1).Within(1e-12));
        }

        [Test]
        public void NashMtlRefusesGradientsThatCancelExactlyOnItsFirstStep()
        {
            var error = Assert.Throws<InvalidOperationException>(() => Weights(new NashMtlCombiner(), new[] { 1.0, 0 }, new[] { -1.0, 0 }));
            Assert.That(error.Message, Does.Contain("Nash-MTL").And.Contain("no positive solution"));
        }

        // Two gradients that cancel exactly are a Pareto-stationary point of two tasks, where training that reaches the front
        // arrives: the bargaining methods keep the block's previous weights there (the Nash-MTL reference does) and count it.
        [TestCase("Nash-MTL")]
        [TestCase("FairGrad")]
        public void BargainingKeepsThePreviousWeightsWhenGradientsCancelLater(string method)
        {
            GramWeightingCombiner combiner = method == "Nash-MTL" ? new NashMtlCombiner(maxNorm: 0) : new FairGradCombiner();
            var context = Context(2);
            combiner.Reset(context);
            var first = combiner.Weights(3, GramOf(new[] { new[] { 1.0, 0 }, new[] { 0.0, 2 } }));
            Assert.That(first[0] * first[0] * (method == "Nash-MTL" ? 1 / Math.Sqrt(17) : 1), Is.EqualTo(1).Within(1e-9), "a_1 (G a)_1 = 1 on the first step");
            var cancelled = combiner.Weights(3, GramOf(new[] { new[] { 1.0, 0 }, new[] { -1.0, 0 } }));
            Assert.That(cancelled, Is.EqualTo(first), "the previous step's weights of the same block");
            Assert.That(context.TakeConflicts(), Is.EqualTo(1), "the fallback is counted");
            Assert.Throws<InvalidOperationException>(() => combiner.Weights(4, GramOf(new[] { new[] { 1.0, 0 }, new[] { -1.0, 0 } })), "another block has no previous weights");
            combiner.Reset(context);
            Assert.Throws<InvalidOperationException>(() => combiner.Weights(3, GramOf(new[] { new[] { 1.0, 0 }, new[] { -1.0, 0 } })), "Reset forgets them");
        }

        // --- FairGrad ---

        [TestCase(0.5)]
        [TestCase(1.0)]
        [TestCase(2.0)]
        public void FairGradSolvesItsFairnessEquation(double alpha)
        {
            for (int seed = 0; seed < 10; seed++)
            {
                var g = Random(3, 8, seed, conflict: 0.5);
                var gram = GramOf(g);
                var w = new FairGradCombiner(alpha).Weights(0, gram);
                for (int i = 0; i < 3; i++)
                    Assert.That(Math.Pow(w[i], 1 / alpha) * Enumerable.Range(0, 3).Sum(j => gram[i, j] * w[j]), Is.EqualTo(1).Within(1e-9), $"seed {seed}, task {i}");
            }
        }

        [Test]
        public void FairGradAtAlphaOneIsNashMtlOnTheRawGramMatrix()
        {
            var g = Random(4, 8, 3, conflict: 0.4);
            var gram = GramOf(g);
            double frobenius = Math.Sqrt(gram.Cast<double>().Sum(v => v * v));
            var nash = new NashMtlCombiner(maxNorm: 0).Weights(0, gram);
            Assert.That(new FairGradCombiner(1).Weights(0, gram), Is.EqualTo(nash.Select(a => a / Math.Sqrt(frobenius)).ToArray()).Within(1e-9));
        }

        // --- GradVac ---

        private static float[] Step(IGradientCombiner combiner, params float[][] rows)
        {
            using var scope = TorchSharp.torch.NewDisposeScope();
            var matrix = TorchSharp.torch.tensor(rows.SelectMany(r => r).ToArray(), new long[] { rows.Length, rows[0].Length });
            return combiner.Combine(0, matrix).data<float>().ToArray();
        }

        private static GradientCombinerContext Context(int k, int seed = 4)
            => new GradientCombinerContext(Enumerable.Range(0, k).Select(i => $"t{i}").ToList(), Enumerable.Repeat(1f, k).ToList(), null, seed);

        [Test]
        public void GradVacStartsAsPCGradThenFollowsItsLearnedTargets()
        {
            MultiTask.MLNet.Runtime.TorchSharpRuntime.EnsureInitialized();
            float[][] conflicting = { new[] { 1f, 0, 0.5f }, new[] { -1f, 1, 0 }, new[] { 0.2f, -1, 1 } };
            var gradVac = new GradVacCombiner();
            var pcGrad = new PCGradCombiner();
            gradVac.Reset(Context(3));
            pcGrad.Reset(Context(3));
            Assert.That(Step(gradVac, conflicting), Is.EqualTo(Step(pcGrad, conflicting)).Within(1e-6), "targets start at 0: PCGrad");
            // Agreeing gradients (cosine 0.6) raise the target to 0.3; then gradients at cosine 0.1 are pulled towards it,
            // where PCGrad leaves them alone.
            float[][] agreeing = { new[] { 1f, 0 }, new[] { 0.6f, 0.8f } };
            float[][] nearlyOrthogonal = { new[] { 1f, 0 }, new[] { 0.1f, (float)Math.Sqrt(0.99) } };
            gradVac.Reset(Context(2));
            Step(gradVac, agreeing);
            var pulled = Step(gradVac, nearlyOrthogonal);
            var sum = new[] { 1.1f, (float)Math.Sqrt(0.99) };
            Assert.That(pulled, Is.Not.EqualTo(sum).Within(1e-3));
            gradVac.Reset(Context(2));
            Assert.That(Step(gradVac, nearlyOrthogonal), Is.EqualTo(sum).Within(1e-6), "Reset forgets the targets");
        }

        // --- every Gram method on the degenerate cases ---

        public static System.Collections.Generic.IEnumerable<TestCaseData> Every()
        {
            yield return new TestCaseData(new MgdaCombiner()).SetArgDisplayNames("MGDA");
            yield return new TestCaseData(new CAGradCombiner()).SetArgDisplayNames("CAGrad");
            yield return new TestCaseData(new ImtlGCombiner()).SetArgDisplayNames("IMTL-G");
            yield return new TestCaseData(new AlignedMtlCombiner()).SetArgDisplayNames("Aligned-MTL");
            yield return new TestCaseData(new UPGradCombiner()).SetArgDisplayNames("UPGrad");
            yield return new TestCaseData(new DualProjCombiner()).SetArgDisplayNames("DualProj");
            yield return new TestCaseData(new ConFIGCombiner()).SetArgDisplayNames("ConFIG");
            yield return new TestCaseData(new NashMtlCombiner()).SetArgDisplayNames("Nash-MTL");
            yield return new TestCaseData(new FairGradCombiner()).SetArgDisplayNames("FairGrad");
        }

        [TestCaseSource(nameof(Every))]
        public void IdenticalGradientsGiveAPositiveMultipleOfThem(GramWeightingCombiner method)
        {
            var g = new[] { new[] { 1.0, 2, -1 }, new[] { 1.0, 2, -1 }, new[] { 1.0, 2, -1 } };
            var d = Update(g, method.Weights(0, GramOf(g)));
            Assert.That(Dot(d, g[0]), Is.GreaterThan(0));
            Assert.That(Math.Abs(Dot(d, g[0])), Is.EqualTo(Norm(d) * Norm(g[0])).Within(1e-9), "parallel to g");
        }

        [TestCaseSource(nameof(Every))]
        public void ZeroGradientsGiveAZeroUpdate(GramWeightingCombiner method)
        {
            var g = new[] { new[] { 0.0, 0 }, new[] { 0.0, 0 } };
            var w = method.Weights(0, GramOf(g));
            Assert.That(w.All(double.IsFinite), Is.True);
            Assert.That(Norm(Update(g, w)), Is.Zero);
        }

        [TestCaseSource(nameof(Every))]
        public void OneZeroGradientDoesNotBreakTheOthers(GramWeightingCombiner method)
        {
            var g = new[] { new[] { 1.0, 0 }, new[] { 0.0, 0 }, new[] { 0.0, 1 } };
            var d = Update(g, method.Weights(0, GramOf(g)));
            Assert.That(d.All(double.IsFinite), Is.True);
            Assert.That(Dot(d, g[0]), Is.GreaterThanOrEqualTo(-1e-12));
            Assert.That(Dot(d, g[2]), Is.GreaterThanOrEqualTo(-1e-12));
        }

        // --- the base class ---

        [Test]
        public void WeightsAreAppliedToTheTaskWeightedGradientsAndRecorded()
        {
            MultiTask.MLNet.Runtime.TorchSharpRuntime.EnsureInitialized();
            var context = new GradientCombinerContext(new[] { "a", "b" }, new[] { 1f, 0.5f }, null, 0);
            var mgda = new MgdaCombiner();
            mgda.Reset(context);
            using var scope = TorchSharp.torch.NewDisposeScope();
            // Weighted rows (1, 0) and (0, 1): MGDA halves them.
            var d = mgda.Combine(0, TorchSharp.torch.tensor(new float[] { 1, 0, 0, 2 }, new long[] { 2, 2 })).data<float>().ToArray();
            Assert.That(d, Is.EqualTo(new[] { 0.5f, 0.5f }).Within(1e-6));
            Assert.That(context.TakeWeights(), Is.EqualTo(new[] { 0.5, 0.5 }).Within(1e-9));
            Assert.That(context.TakeWeights(), Is.Null, "taken once");
            Assert.Throws<InvalidOperationException>(() => mgda.Combine(0, TorchSharp.torch.tensor(new float[] { float.NaN, 0, 0, 2 }, new long[] { 2, 2 })));
        }

        [Test]
        public void HyperParametersOutOfRangeAreRefused()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new CAGradCombiner(c: -1));
            Assert.Throws<ArgumentOutOfRangeException>(() => new NashMtlCombiner(maxNorm: double.NaN));
            Assert.Throws<ArgumentOutOfRangeException>(() => new MgdaCombiner(tolerance: 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => new FairGradCombiner(alpha: 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => new GradVacCombiner(beta: 1.5));
            Assert.Throws<ArgumentOutOfRangeException>(() => new GradDropCombiner(leak: -0.1));
        }
    }
}
