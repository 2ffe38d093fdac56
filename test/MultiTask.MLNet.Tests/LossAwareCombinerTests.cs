using System;
using System.Linq;
using MultiTask.MLNet.Gradients;
using MultiTask.MLNet.Runtime;
using NUnit.Framework;
using TorchSharp;

namespace MultiTask.MLNet.Tests
{
    /// <summary>DB-MTL and MoCo, the combiners that read the task losses, on hand-computed steps.</summary>
    public class LossAwareCombinerTests
    {
        [OneTimeSetUp]
        public void Native() => TorchSharpRuntime.EnsureInitialized();

        private static GradientCombinerContext Context(int k)
            => new GradientCombinerContext(Enumerable.Range(0, k).Select(i => $"t{i}").ToList(), Enumerable.Repeat(1f, k).ToList(), null, 0);

        private static float[] Step(IGradientCombiner combiner, GradientCombinerContext context, double[] losses, params float[][] rows)
        {
            context.SetStepLosses(() => losses);
            using var scope = torch.NewDisposeScope();
            return combiner.Combine(0, torch.tensor(rows.SelectMany(r => r).ToArray(), new long[] { rows.Length, rows[0].Length })).data<float>().ToArray();
        }

        [Test]
        public void DbMtlBalancesLogLossGradientsToTheLargestNorm()
        {
            var context = Context(2);
            using var dbMtl = new DbMtlCombiner();
            dbMtl.Reset(context);
            // Log-loss gradients (1, 0) / 1 and (0, 2) / 4; m = 0.1 of them; both scaled to the larger norm 0.1.
            Assert.That(Step(dbMtl, context, new[] { 1.0, 4 }, new[] { 1f, 0 }, new[] { 0f, 2 }), Is.EqualTo(new[] { 0.1f, 0.1f }).Within(1e-6));
            // m = 0.9 m + 0.1 g: (0.09 + 0.1, 0) and (0, 0.045 + 0.02); both scaled to 0.19.
            Assert.That(Step(dbMtl, context, new[] { 1.0, 1 }, new[] { 1f, 0 }, new[] { 0f, 0.2f }), Is.EqualTo(new[] { 0.19f, 0.19f }).Within(1e-6));
            dbMtl.Reset(context);
            Assert.That(Step(dbMtl, context, new[] { 1.0, 4 }, new[] { 1f, 0 }, new[] { 0f, 2 }), Is.EqualTo(new[] { 0.1f, 0.1f }).Within(1e-6), "Reset clears m");
        }

        [Test]
        public void MoCoTracksNormalisedGradientsAndStepsItsWeights()
        {
            var context = Context(2);
            using var moCo = new MoCoCombiner();
            moCo.Reset(context);
            // g / |g| * L: (1, 0) and (0, 2); y = 0.5 of them; lambda = softmax(0.5 - 0.1 (0.25 x 0.5), 0.5 - 0.1 (1 x 0.5)).
            double lambda0 = 1 / (1 + Math.Exp(-(0.4875 - 0.45)));
            Assert.That(Step(moCo, context, new[] { 1.0, 2 }, new[] { 3f, 0 }, new[] { 0f, 1 }),
                Is.EqualTo(new[] { 0.5 * lambda0, 1 - lambda0 }).Within(1e-6));
            Assert.That(context.TakeWeights(), Is.EqualTo(new[] { lambda0, 1 - lambda0 }).Within(1e-9));
        }

        [Test]
        public void HyperParametersOutOfRangeAreRefused()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new DbMtlCombiner(beta: 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => new MoCoCombiner(gamma: 0));
        }
    }
}
