using System;
using System.Linq;
using Microsoft.ML;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    public class WeightingAndScheduleTests
    {
        private static float[] Head(MultiTaskTransformer model, int k) => StateValues.Of(model.Weights, $"heads.{k}.");

        private static float[] Trunk(MultiTaskTransformer model) => StateValues.Of(model.Weights, "shared.");

        [TestCase(false)]
        [TestCase(true)]
        public void AlternateStepTouchesOnlyTheChosenTasksHead(bool optimizerPerTask)
        {
            var ml = new MLContext(seed: 1);
            var data = SyntheticData.Load(ml, 64, seed: 1);
            var first = ml.MultiTask().Trainers.NeuralNetwork(TrainerTests.AllKinds(epochs: 1)).Fit(data);
            var options = TrainerTests.AllKinds(epochs: 1);
            options.Schedule = TrainingSchedule.Alternate;
            options.OptimizerPerTask = optimizerPerTask;
            options.BatchSize = 3 * 64; // one epoch = ceil(3 tasks x 64 rows / 192) = 1 step
            var second = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(data, first.Model);

            var changed = Enumerable.Range(0, 3).Where(k => !Head(first, k).SequenceEqual(Head(second, k))).ToList();
            Assert.That(changed, Has.Count.EqualTo(1), "exactly one head moved");
            Assert.That(Trunk(second), Is.Not.EqualTo(Trunk(first)), "the trunk moved with it");
            var losses = second.TrainingHistory.Epochs[0].TrainingLoss;
            Assert.That(losses.Count(p => double.IsFinite(p.Value)), Is.EqualTo(1), "only the chosen task saw rows");
        }

        [Test]
        public void AlternateTrainingLearnsEveryTask()
        {
            var ml = new MLContext(seed: 1);
            var options = TrainerTests.AllKinds(epochs: 20);
            options.Schedule = TrainingSchedule.Alternate;
            options.AlternateTaskChoice = AlternateTaskChoice.ProportionalToRows;
            var model = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(SyntheticData.Load(ml, 400, seed: 1));
            var metrics = ml.MultiTask().Evaluate(model.Transform(SyntheticData.Load(ml, 300, seed: 2)), model);
            Assert.That(metrics["IsLuxury"].BinaryClassification.Accuracy, Is.GreaterThan(0.8));
            Assert.That(metrics["Category"].MulticlassClassification.MicroAccuracy, Is.GreaterThan(0.7));
        }

        [Test]
        public void GeometricMeanComposesWithPCGradAndRecordsWeights()
        {
            var ml = new MLContext(seed: 1);
            var options = TrainerTests.AllKinds(epochs: 3);
            options.LossWeighting = new GeometricMeanWeighting();
            options.GradientCombiner = new PCGradCombiner();
            var history = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(SyntheticData.Load(ml, 200, seed: 1)).TrainingHistory;
            var weights = history.Epochs.Last().TaskWeights;
            Assert.That(weights.Keys, Is.EquivalentTo(new[] { "Price", "IsLuxury", "Category" }));
            Assert.That(weights.Values.Distinct().Count(), Is.GreaterThan(1), "per-step weights follow the losses");
        }

        public enum GradNormSetting { SharedParameters, Representation, RotateOnly, ExpertsOfMixture }

        // At the representation level and with rotations the losses are taken on a detached representation: GradNorm must
        // measure its gradient norms there, or its weights never leave their start (1.0).
        [TestCase(GradNormSetting.SharedParameters)]
        [TestCase(GradNormSetting.Representation)]
        [TestCase(GradNormSetting.RotateOnly)]
        [TestCase(GradNormSetting.ExpertsOfMixture)]
        public void GradNormMovesTheWeightsAtEveryLevel(GradNormSetting setting)
        {
            var ml = new MLContext(seed: 1);
            var options = TrainerTests.AllKinds(epochs: 3);
            options.LossWeighting = new GradNormWeighting();
            if (setting == GradNormSetting.Representation)
            {
                options.GradientLevel = GradientLevel.Representation;
                options.GradientCombiner = new SumCombiner();
            }
            if (setting == GradNormSetting.RotateOnly)
                options.GradientCombiner = new RotateOnlyCombiner();
            if (setting == GradNormSetting.ExpertsOfMixture)
                options.Architecture = new MixtureOfExperts { Experts = 2, ExpertLayers = new[] { 8 } };
            var history = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(SyntheticData.Load(ml, 200, seed: 1)).TrainingHistory;
            var weights = history.Epochs.Last().TaskWeights.Values.ToList();
            Assert.That(weights.Max(w => Math.Abs(w - 1)), Is.GreaterThan(1e-3), "GradNorm moved the weights");
        }

        [Test]
        public void AlternateRefusesCombinersAndPerTaskOptimisersNeedIt()
        {
            var ml = new MLContext(seed: 1);
            var options = TrainerTests.AllKinds();
            options.Schedule = TrainingSchedule.Alternate;
            options.GradientCombiner = new PCGradCombiner();
            Assert.That(Assert.Catch(() => ml.MultiTask().Trainers.NeuralNetwork(options)).Message, Does.Contain("Options.GradientCombiner"));
            var joint = TrainerTests.AllKinds();
            joint.OptimizerPerTask = true;
            Assert.That(Assert.Catch(() => ml.MultiTask().Trainers.NeuralNetwork(joint)).Message, Does.Contain("Options.OptimizerPerTask"));
        }
    }
}
