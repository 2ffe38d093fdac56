using System;
using System.Linq;
using Microsoft.ML;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    public class PermutationImportanceTests
    {
        private sealed class Row
        {
            public float X0 { get; set; }
            public float X1 { get; set; }
            public float X2 { get; set; }
            public float X3 { get; set; }
            public float A { get; set; }
            public bool B { get; set; }
        }

        private static IDataView Data(MLContext ml, int count, int seed)
        {
            var random = new Random(seed);
            float U() => (float)random.NextDouble() * 2 - 1;
            return ml.Data.LoadFromEnumerable(Enumerable.Range(0, count).Select(_ =>
            {
                var r = new Row { X0 = U(), X1 = U(), X2 = U(), X3 = U() };
                r.A = 2 * r.X0 + 0.5f * r.X0 * r.X0;   // A reads X0 only
                r.B = r.X1 > 0.1f;                      // B reads X1 only
                return r;
            }).ToList());
        }

        [Test]
        public void EachTaskRanksFirstTheFeatureOnlyItUsesAndTheOthersNearZero()
        {
            var ml = new MLContext(seed: 1);
            var featurizer = ml.Transforms.Concatenate("Features", "X0", "X1", "X2", "X3");
            var train = Data(ml, 1000, 1);
            var test = Data(ml, 600, 2);
            var featurized = featurizer.Fit(train);
            var model = ml.MultiTask().Trainers.NeuralNetwork(new MultiTaskTrainer.Options
            {
                Tasks = { TaskSpec.Regression("A"), TaskSpec.BinaryClassification("B") },
                HiddenLayers = new[] { 32 },
                MaxEpochs = 40,
                LearningRate = 3e-3,
                Seed = 3,
            }).Fit(featurized.Transform(train));

            var importance = ml.MultiTask().PermutationFeatureImportance(model, featurized.Transform(test), permutationCount: 3, seed: 4);

            var a = importance["A"];
            Assert.That(a.Metric, Is.EqualTo("RSquared"));
            Assert.That(a.Baseline, Is.GreaterThan(0.95));
            Assert.That(a.Slots.Select(s => s.SlotName), Is.EqualTo(new[] { "X0", "X1", "X2", "X3" }));
            Assert.That(a.Slots.OrderBy(s => s.Change).First().Slot, Is.EqualTo(0));
            Assert.That(a.Slots[0].Change, Is.LessThan(-1), "shuffling X0 destroys A (R2 of a shuffled linear target is about -1)");
            Assert.That(a.Slots.Skip(1).Select(s => Math.Abs(s.Change)), Is.All.LessThan(0.05));
            Assert.That(a.Slots[0].StandardDeviation, Is.GreaterThan(0), "three permutations give a spread");

            var b = importance["B"];
            Assert.That(b.Metric, Is.EqualTo("AreaUnderRocCurve"));
            Assert.That(b.Slots.OrderBy(s => s.Change).First().Slot, Is.EqualTo(1));
            Assert.That(b.Slots[1].Change, Is.LessThan(-0.3));
            Assert.That(new[] { 0, 2, 3 }.Select(i => Math.Abs(b.Slots[i].Change)), Is.All.LessThan(0.03));

            var again = ml.MultiTask().PermutationFeatureImportance(model, featurized.Transform(test), permutationCount: 3, seed: 4);
            Assert.That(again["B"].Slots.Select(s => s.Change), Is.EqualTo(b.Slots.Select(s => s.Change)), "seeded");
        }

        [Test]
        public void DataWithoutTheFeatureColumnIsRefusedNamingIt()
        {
            var ml = new MLContext(seed: 1);
            var featurizer = ml.Transforms.Concatenate("Features", "X0", "X1", "X2", "X3");
            var train = Data(ml, 100, 1);
            var model = ml.MultiTask().Trainers.NeuralNetwork(new MultiTaskTrainer.Options { Tasks = { TaskSpec.Regression("A") }, MaxEpochs = 1, Seed = 1 })
                .Fit(featurizer.Fit(train).Transform(train));
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MultiTask().PermutationFeatureImportance(model, train));
            Assert.That(error.Message, Does.Contain("'Features'").And.Contain("featurizing"));
            error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MultiTask().PermutationFeatureImportance(model, featurizer.Fit(train).Transform(train), permutationCount: 0));
            Assert.That(error.ParamName, Is.EqualTo("permutationCount"));
        }
    }
}
