using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Gradients;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    /// <summary>The newer loss weightings' update rules over hand-computed sequences of losses.</summary>
    public class LossWeightingRosterTests
    {
        private static LossWeightingContext Context(int k, double learningRate = 1e-3, int seed = 0)
            => new LossWeightingContext(Enumerable.Range(0, k).Select(i => $"t{i}").ToList(), Enumerable.Repeat(1f, k).ToList(), seed, learningRate);

        private static float[] Step(ILossWeighting weighting, int epoch, params double[] losses)
            => weighting.Weights(new LossWeightingInputs(0, losses, null, epoch)).ToArray();

        [Test]
        public void DwaWeighsByTheRatioOfTheLastTwoEpochMeans()
        {
            var dwa = new DwaWeighting();
            dwa.Reset(Context(2));
            Assert.That(Step(dwa, 0, 2, 5), Is.EqualTo(new[] { 1f, 1 }));
            Assert.That(Step(dwa, 0, 2, 3), Is.EqualTo(new[] { 1f, 1 }), "epoch 1 means (2, 4)");
            Assert.That(Step(dwa, 1, 1, 4), Is.EqualTo(new[] { 1f, 1 }), "epoch 2 means (1, 4)");
            // r = (1/2, 4/4) / T: w = 2 softmax(0.25, 0.5).
            double a = Math.Exp(0.25), b = Math.Exp(0.5);
            Assert.That(Step(dwa, 2, 9, 9), Is.EqualTo(new[] { 2 * a / (a + b), 2 * b / (a + b) }).Within(1e-6));
            dwa.Reset(Context(2));
            Assert.That(Step(dwa, 0, 1, 1), Is.EqualTo(new[] { 1f, 1 }), "Reset forgets the epochs");
        }

        [Test]
        public void UncertaintyWeightingTakesAdamStepsOnItsLogVariances()
        {
            var uw = new UncertaintyWeighting();
            uw.Reset(Context(1, learningRate: 0.01));
            Assert.That(Step(uw, 0, 4)[0], Is.EqualTo(Math.Exp(0.5) / 2).Within(1e-6), "s starts at -0.5");
            // The first Adam step moves s by the learning rate against the derivative's sign ((1 - 4 e^0.5) / 2 < 0).
            Assert.That(Step(uw, 0, 4)[0], Is.EqualTo(Math.Exp(0.5 - 0.01) / 2).Within(1e-6));
        }

        [Test]
        public void UncertaintyWeightingSettlesWhereItsDerivativeVanishes()
        {
            var uw = new UncertaintyWeighting();
            uw.Reset(Context(2, learningRate: 0.05));
            for (int i = 0; i < 3000; i++)
                Step(uw, 0, 4, 0.25);
            Assert.That(uw.Scales, Is.EqualTo(new[] { Math.Log(4), Math.Log(0.25) }).Within(0.02), "s_k = log L_k");
        }

        [Test]
        public void ImtlLDrivesEveryScaledLossToOne()
        {
            var imtl = new ImtlLWeighting();
            imtl.Reset(Context(2, learningRate: 0.05));
            Assert.That(Step(imtl, 0, 4, 0.25), Is.EqualTo(new[] { 1f, 1 }), "s starts at 0");
            for (int i = 0; i < 3000; i++)
                Step(imtl, 0, 4, 0.25);
            var weights = Step(imtl, 0, 4, 0.25);
            Assert.That(new[] { weights[0] * 4, weights[1] * 0.25 }, Is.EqualTo(new[] { 1.0, 1.0 }).Within(0.03));
        }

        [Test]
        public void RandomLossWeightingDrawsFromTheSeed()
        {
            List<float[]> Draws(int seed)
            {
                var rlw = new RandomLossWeighting();
                rlw.Reset(Context(3, seed: seed));
                return Enumerable.Range(0, 2000).Select(_ => Step(rlw, 0, 1, 1, 1)).ToList();
            }
            var first = Draws(1);
            Assert.That(Draws(1).SelectMany(w => w), Is.EqualTo(first.SelectMany(w => w)));
            Assert.That(Draws(2)[0], Is.Not.EqualTo(first[0]));
            // Symmetric draws: every task's mean weight is 1/3, and the weights vary from step to step.
            for (int k = 0; k < 3; k++)
                Assert.That(first.Average(w => w[k]), Is.EqualTo(1 / 3.0).Within(0.02));
            Assert.That(first.Select(w => w[0]).Distinct().Count(), Is.GreaterThan(1000));
        }

        [Test]
        public void StchUsesLogLossesThenASmoothMaximumOverTheNadir()
        {
            var stch = new StchWeighting(warmupEpochs: 0);
            stch.Reset(Context(2));
            Assert.That(Step(stch, 0, 2, 4), Is.EqualTo(new[] { 0.5f, 0.25f }).Within(1e-6), "epoch 1: sum log L, and the nadir (2, 4)");
            // l = (log 1/2, log 1); softmax = (1/3, 2/3); w_k = K softmax_k / L_k.
            Assert.That(Step(stch, 1, 1, 4), Is.EqualTo(new[] { 2 / 3f, 1 / 3f }).Within(1e-6));

            var sharp = new StchWeighting(mu: 0.01, warmupEpochs: 0);
            sharp.Reset(Context(2));
            Step(sharp, 0, 2, 4);
            Assert.That(Step(sharp, 1, 1, 4), Is.EqualTo(new[] { 0f, 0.5f }).Within(1e-6), "as mu -> 0, all weight on the worst task");
        }

        [Test]
        public void FamoWeighsByInverseLossesThenLearnsFromTheUpdatesEffect()
        {
            var famo = new FamoWeighting();
            famo.Reset(Context(2));
            Assert.That(famo.NeedsLossesAfterStep, Is.True);
            // z = (1/2, 1/2): weights c z_k / L_k = (0.75, 0.25).
            Assert.That(Step(famo, 0, 1, 3), Is.EqualTo(new[] { 0.75f, 0.25f }).Within(1e-6));
            // Task 0 improved more (delta = (log 2, log(3 / 2.9))): its logit falls by the learning rate in Adam's first step.
            famo.AfterStep(new[] { 0.5, 2.9 });
            double z0 = Math.Exp(-0.025) / (Math.Exp(-0.025) + Math.Exp(0.025)), z1 = 1 - z0;
            double c = 1 / (z0 / 1 + z1 / 3);
            Assert.That(famo.Shares, Is.EqualTo(new[] { z0, z1 }).Within(1e-9));
            Assert.That(Step(famo, 0, 1, 3), Is.EqualTo(new[] { c * z0, c * z1 / 3 }).Within(1e-6));
        }

        [Test]
        public void ExcessMtlRaisesTheWeightOfTheTaskWhoseExcessRiskGrewMost()
        {
            MultiTask.MLNet.Runtime.TorchSharpRuntime.EnsureInitialized();
            using var excess = new ExcessMtlWeighting();
            excess.Reset(Context(2));
            float[] Step(params float[] gradients)
            {
                using var scope = TorchSharp.torch.NewDisposeScope();
                var matrix = TorchSharp.torch.tensor(gradients, new long[] { 2, 2 });
                return excess.Weights(new LossWeightingInputs(0, new[] { 1.0, 1.0 }, null, 0, () => matrix)).ToArray();
            }
            // Step 1: S = g^2, e = (1 / sqrt(1), 4 / sqrt(4)) = (1, 2) is the baseline; the weights stay 1.
            Assert.That(Step(1, 0, 0, 2), Is.EqualTo(new[] { 1f, 1 }));
            // Step 2: S = (5, 0; 0, 8), e = (4 / sqrt 5, 4 / sqrt 8); w ∝ exp(0.01 e / b), renormalised to sum 2.
            double a = Math.Exp(0.01 * (4 / Math.Sqrt(5)) / 1), b = Math.Exp(0.01 * (4 / Math.Sqrt(8)) / 2);
            Assert.That(Step(2, 0, 0, 2), Is.EqualTo(new[] { 2 * a / (a + b), 2 * b / (a + b) }).Within(1e-6));
        }

        [Test]
        public void HyperParametersOutOfRangeAreRefused()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new DwaWeighting(temperature: 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => new UncertaintyWeighting(initialLogVariance: double.NaN));
            Assert.Throws<ArgumentOutOfRangeException>(() => new StchWeighting(mu: 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => new FamoWeighting(logitLearningRate: -1));
            Assert.Throws<ArgumentOutOfRangeException>(() => new ExcessMtlWeighting(stepSize: 0));
        }
    }
}
