using System;
using System.Linq;
using MultiTask.MLNet.Gradients;
using MultiTask.MLNet.Runtime;
using NUnit.Framework;
using TorchSharp;

namespace MultiTask.MLNet.Tests
{
    public class GradientCombinerTests
    {
        private const float Lambda = 0.5f;

        [OneTimeSetUp]
        public void Native() => TorchSharpRuntime.EnsureInitialized();

        private static GradientCombinerContext Context(int tasks = 2, int? primary = 0, float auxiliaryWeight = Lambda, int seed = 0)
            => new GradientCombinerContext(Enumerable.Range(0, tasks).Select(k => $"t{k}").ToList(),
                Enumerable.Range(0, tasks).Select(k => k == (primary ?? -1) ? 1f : auxiliaryWeight).ToList(), primary, seed);

        private static float[] Combine(IGradientCombiner combiner, GradientCombinerContext context, params float[][] rows)
        {
            using var scope = torch.NewDisposeScope();
            var matrix = torch.tensor(rows.SelectMany(r => r).ToArray(), new long[] { rows.Length, rows[0].Length });
            return combiner.Combine(0, matrix).data<float>().ToArray();
        }

        private static float[] Once(IGradientCombiner combiner, float[] v, float[] u, out long conflicts)
        {
            var context = Context();
            combiner.Reset(context);
            var result = Combine(combiner, context, v, u);
            conflicts = context.TakeConflicts();
            return result;
        }

        private static readonly float[] V = { 1, 0 };
        private static readonly float[] Conflicting = { -1, 1 };
        private static readonly float[] Agreeing = { 1, 1 };
        private static readonly float[] Opposite = { -2, 0 };
        private static readonly float[] Zero = { 0, 0 };

        [Test]
        public void ProjectionRemovesOnlyTheConflictingComponent()
        {
            Assert.That(Once(new ProjectionCombiner(), V, Conflicting, out var c1), Is.EqualTo(new[] { 1f, 0.5f }).Within(1e-6));
            Assert.That(c1, Is.EqualTo(1));
            Assert.That(Once(new ProjectionCombiner(), V, Agreeing, out var c2), Is.EqualTo(new[] { 1.5f, 0.5f }).Within(1e-6));
            Assert.That(c2, Is.EqualTo(0));
            Assert.That(Once(new ProjectionCombiner(), V, Opposite, out _), Is.EqualTo(new[] { 1f, 0f }).Within(1e-6));
        }

        [Test]
        public void OrthogonalKeepsOnlyThePerpendicularPart()
        {
            Assert.That(Once(new OrthogonalCombiner(), V, Conflicting, out _), Is.EqualTo(new[] { 1f, 0.5f }).Within(1e-6));
            Assert.That(Once(new OrthogonalCombiner(), V, Agreeing, out var c), Is.EqualTo(new[] { 1f, 0.5f }).Within(1e-6));
            Assert.That(c, Is.EqualTo(0));
            Assert.That(Once(new OrthogonalCombiner(), V, Opposite, out _), Is.EqualTo(new[] { 1f, 0f }).Within(1e-6));
        }

        [Test]
        public void UnweightedCosineIsAllOrNothing()
        {
            Assert.That(Once(new UnweightedCosineCombiner(), V, Conflicting, out var c), Is.EqualTo(new[] { 1f, 0f }).Within(1e-6));
            Assert.That(c, Is.EqualTo(1));
            Assert.That(Once(new UnweightedCosineCombiner(), V, Agreeing, out _), Is.EqualTo(new[] { 1.5f, 0.5f }).Within(1e-6));
        }

        [Test]
        public void WeightedCosineScalesByTheCosine()
        {
            float s = (float)(Lambda / Math.Sqrt(2));
            Assert.That(Once(new WeightedCosineCombiner(), V, Agreeing, out _), Is.EqualTo(new[] { 1 + s, s }).Within(1e-6));
            Assert.That(Once(new WeightedCosineCombiner(), V, Conflicting, out _), Is.EqualTo(new[] { 1f, 0f }).Within(1e-6));
        }

        [Test]
        public void ZeroNormLetsTheAuxiliaryGradientThrough()
        {
            foreach (var combiner in new PrimaryAuxiliaryCombiner[] { new ProjectionCombiner(), new OrthogonalCombiner(), new UnweightedCosineCombiner(), new WeightedCosineCombiner() })
            {
                Assert.That(Once(combiner, Zero, Conflicting, out _), Is.EqualTo(new[] { -Lambda, Lambda }).Within(1e-6), combiner.GetType().Name);
                Assert.That(Once(combiner, V, Zero, out _), Is.EqualTo(new[] { 1f, 0f }).Within(1e-6), combiner.GetType().Name);
            }
        }

        [Test]
        public void SumAndSingleTaskAreTheTwoExtremes()
        {
            Assert.That(Once(new SumCombiner(), V, Conflicting, out _), Is.EqualTo(new[] { 0.5f, 0.5f }).Within(1e-6));
            Assert.That(Once(new SingleTaskCombiner(), V, Conflicting, out _), Is.EqualTo(new[] { 1f, 0f }).Within(1e-6));
        }

        [Test]
        public void MovingAverageOfThePrimaryIsTheComparisonVectorPerBlock()
        {
            var combiner = new ProjectionCombiner(alpha: 0.5);
            var context = Context();
            combiner.Reset(context);
            using var scope = torch.NewDisposeScope();
            torch.Tensor M(params float[][] rows) => torch.tensor(rows.SelectMany(r => r).ToArray(), new long[] { rows.Length, 2 });

            // Step 1 starts the average at v1 = (1, 0); u agrees with it.
            combiner.Combine(0, M(new[] { 1f, 0 }, new[] { 0f, 1 }));
            // Step 2: c = 0.5 (1, 0) + 0.5 (0, 1) = (0.5, 0.5); u = (-1, 0): u.c = -0.5, |c|^2 = 0.5,
            // adj = u + c = (-0.5, 0.5); update = v2 + 0.5 adj = (-0.25, 1.25). Against v2 alone u would pass unchanged.
            var second = combiner.Combine(0, M(new[] { 0f, 1 }, new[] { -1f, 0 })).data<float>().ToArray();
            Assert.That(second, Is.EqualTo(new[] { -0.25f, 1.25f }).Within(1e-6));
            // Another block keeps its own average, started at its own first primary gradient.
            var other = combiner.Combine(1, M(new[] { 0f, 1 }, new[] { -1f, 0 })).data<float>().ToArray();
            Assert.That(other, Is.EqualTo(new[] { -0.5f, 1f }).Within(1e-6));
            combiner.Dispose();
        }

        [Test]
        public void PrimaryRulesNeedAPrimaryTask()
        {
            var error = Assert.Throws<InvalidOperationException>(() => new ProjectionCombiner().Reset(Context(primary: null)));
            Assert.That(error.Message, Does.Contain("ProjectionCombiner").And.Contain("AsPrimary"));
            Assert.Throws<ArgumentOutOfRangeException>(() => new ProjectionCombiner(alpha: 0));
        }

        [Test]
        public void PCGradTwoTasksProjectEachOntoTheOthersNormalPlane()
        {
            // g1.g2 = -1: g1' = g1 + g2 / 2 = (0.5, 0.5); g2' = g2 + g1 = (0, 1); sum (0.5, 1.5).
            var context = Context(primary: null, auxiliaryWeight: 1);
            var pcgrad = new PCGradCombiner();
            pcgrad.Reset(context);
            Assert.That(Combine(pcgrad, context, new[] { 1f, 0 }, new[] { -1f, 1 }), Is.EqualTo(new[] { 0.5f, 1.5f }).Within(1e-6));
            Assert.That(context.TakeConflicts(), Is.EqualTo(2));
        }

        [Test]
        public void PCGradThreeTasksHandComputed()
        {
            // Only g1 and g2 conflict (dot -1); g3 is orthogonal to both, so the order does not matter:
            // g1' = (0.5, 0.5, 0), g2' = (0, 1, 0), g3' = g3; sum (0.5, 1.5, 1).
            var context = Context(tasks: 3, primary: null, auxiliaryWeight: 1);
            var pcgrad = new PCGradCombiner();
            pcgrad.Reset(context);
            Assert.That(Combine(pcgrad, context, new[] { 1f, 0, 0 }, new[] { -1f, 1, 0 }, new[] { 0f, 0, 1 }), Is.EqualTo(new[] { 0.5f, 1.5f, 1f }).Within(1e-6));
        }

        [Test]
        public void PCGradOrderComesFromTheSeed()
        {
            // Here the order matters: g1 projected on g2 then g3 gives (0.25, 0.5, 0.25), on g3 then g2 (0.25, 0.25, 0.5).
            float[][] g = { new[] { 1f, 0, 0 }, new[] { -1f, 1, 0 }, new[] { -1f, 0, 1 } };
            float[] Run(int seed)
            {
                var context = Context(tasks: 3, primary: null, auxiliaryWeight: 1, seed: seed);
                var pcgrad = new PCGradCombiner();
                pcgrad.Reset(context);
                return Combine(pcgrad, context, g);
            }
            var results = Enumerable.Range(0, 20).Select(Run).ToList();
            Assert.That(Run(3), Is.EqualTo(results[3]), "same seed, same order");
            Assert.That(results.Select(r => string.Join(",", r.Select(x => x.ToString("F4")))).Distinct().Count(), Is.GreaterThan(1), "different seeds draw different orders");
            // Whatever the order, g2 and g3 each lose their conflict with g1: the total's first coordinate is the same.
            var firsts = results.Select(r => r[0]).Distinct().ToList();
            Assert.That(firsts.All(f => Math.Abs(f - firsts[0]) < 1e-5));
        }
    }
}
