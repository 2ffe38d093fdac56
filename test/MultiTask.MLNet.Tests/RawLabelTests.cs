using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    /// <summary>Regression labels on their raw scale, label standardisation and the ValidationFraction hold-out.</summary>
    public class RawLabelTests
    {
        private const float Offset = 400, Spread = 150;

        // The synthetic houses with the price on a raw scale (hundreds), or left near unit scale.
        private static IDataView Houses(MLContext ml, int count, int seed, bool rawScale)
        {
            var rows = SyntheticData.Rows(count, seed);
            if (rawScale)
                foreach (var row in rows)
                    row.Price = Offset + Spread * row.Price;
            return SyntheticData.Keyed(ml, rows);
        }

        private static MultiTaskMetrics TrainAndEvaluate(bool rawScale, bool standardize)
        {
            var ml = new MLContext(seed: 1);
            var options = TrainerTests.AllKinds(epochs: 25);
            options.StandardizeRegressionLabels = standardize;
            var model = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(Houses(ml, 800, 1, rawScale));
            return ml.MultiTask().Evaluate(model.Transform(Houses(ml, 400, 2, rawScale)), model);
        }

        [Test]
        public void RawScaleLabelsGiveEveryTaskTheQualityOfPreScaledLabels()
        {
            var raw = TrainAndEvaluate(rawScale: true, standardize: true);
            var scaled = TrainAndEvaluate(rawScale: false, standardize: true);
            var rawUnstandardized = TrainAndEvaluate(rawScale: true, standardize: false);

            foreach (var (name, m) in new[] { ("raw", raw), ("pre-scaled", scaled), ("raw, not standardised", rawUnstandardized) })
                TestContext.Out.WriteLine($"{name}: R2 {m["Price"].Regression.RSquared:F3}, accuracy {m["IsLuxury"].BinaryClassification.Accuracy:F3}, " +
                    $"micro-accuracy {m["Category"].MulticlassClassification.MicroAccuracy:F3}");
            // R-squared does not depend on the label's units, so the two regressions compare directly.
            Assert.That(raw["Price"].Regression.RSquared, Is.GreaterThan(scaled["Price"].Regression.RSquared - 0.02));
            Assert.That(raw["IsLuxury"].BinaryClassification.Accuracy, Is.GreaterThan(scaled["IsLuxury"].BinaryClassification.Accuracy - 0.03));
            Assert.That(raw["Category"].MulticlassClassification.MicroAccuracy, Is.GreaterThan(scaled["Category"].MulticlassClassification.MicroAccuracy - 0.03));
            // What standardisation prevents: without it the raw price dominates the summed loss and starves the others.
            double starved = Math.Min(rawUnstandardized["IsLuxury"].BinaryClassification.Accuracy - raw["IsLuxury"].BinaryClassification.Accuracy,
                rawUnstandardized["Category"].MulticlassClassification.MicroAccuracy - raw["Category"].MulticlassClassification.MicroAccuracy);
            Assert.That(starved, Is.LessThan(-0.05), "the classification tasks suffer from an unstandardised raw-scale regression label");
        }

        [Test]
        public void StatisticsArePerSlotOverRowsThatCountAndScoresAreInLabelUnits()
        {
            var ml = new MLContext(seed: 1);
            var rows = SyntheticData.Rows(300, 4);
            foreach (var (row, i) in rows.Select((r, i) => (r, i)))
            {
                row.Both = new[] { 1000 + 50 * row.Price, row.Both[1] };
                row.Weight = i % 3 == 0 ? 2 : 1;
            }
            rows[5].Both = new[] { float.NaN, 7f };      // a missing label: excluded from the statistics
            rows[6].Weight = 0;                          // a row that does not count: excluded too
            rows[6].Both = new[] { 1e6f, 1e6f };
            var options = new MultiTaskTrainer.Options
            {
                Tasks = { TaskSpec.Regression("Both"), TaskSpec.BinaryClassification("IsLuxury") },
                ExampleWeightColumnName = "Weight",
                MaxEpochs = 40,
                LearningRate = 3e-3,
                Seed = 2,
            };
            var data = SyntheticData.Keyed(ml, rows);
            var model = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(data);

            var counted = rows.Where(r => r.Weight > 0 && r.Both.All(float.IsFinite)).ToList();
            double totalWeight = counted.Sum(r => (double)r.Weight);
            var scaling = model.Layout.Heads[0].Scaling;
            for (int slot = 0; slot < 2; slot++)
            {
                double mean = counted.Sum(r => r.Weight * (double)r.Both[slot]) / totalWeight;
                double sd = Math.Sqrt(counted.Sum(r => r.Weight * Math.Pow(r.Both[slot] - mean, 2)) / totalWeight);
                Assert.That(scaling.Mean[slot], Is.EqualTo(mean).Within(1e-4 * Math.Abs(mean)), $"mean of slot {slot}");
                Assert.That(scaling.Scale[slot], Is.EqualTo(sd).Within(1e-4 * sd), $"standard deviation of slot {slot}");
            }
            Assert.That(model.Layout.Heads[1].Scaling, Is.Null, "classification heads are not scaled");

            // The score is in the label's units, in memory and after a round trip through a plain MLContext.
            var test = SyntheticData.Keyed(ml, SyntheticData.Rows(200, 5).Select(r => { r.Both = new[] { 1000 + 50 * r.Price, r.Both[1] }; return r; }).ToList());
            var metrics = ml.MultiTask().Evaluate(model.Transform(test), model)["Both"].RegressionPerOutput;
            Assert.That(metrics[0].RSquared, Is.GreaterThan(0.9));
            Assert.That(metrics[1].RSquared, Is.GreaterThan(0.6));
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"raw-labels-{Guid.NewGuid():N}.zip");
            try
            {
                ml.Model.Save(model, data.Schema, path);
                var loaded = new MLContext().Model.Load(path, out _);
                Assert.That(loaded.Transform(test).GetColumn<float[]>("Both.Score").SelectMany(v => v).ToArray(),
                    Is.EqualTo(model.Transform(test).GetColumn<float[]>("Both.Score").SelectMany(v => v).ToArray()));
            }
            finally
            {
                System.IO.File.Delete(path);
            }
        }

        [Test]
        public void WithoutStandardizationTheHeadIsNotScaled()
        {
            var ml = new MLContext(seed: 1);
            var options = TrainerTests.AllKinds(epochs: 2);
            options.StandardizeRegressionLabels = false;
            var model = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(SyntheticData.Load(ml, 100, seed: 1));
            Assert.That(model.Layout.Heads.Select(h => h.Scaling), Is.All.Null);
        }

        [Test]
        public void WarmStartKeepsTheInitialStatisticsAndRefusesAChangedSetting()
        {
            var ml = new MLContext(seed: 1);
            var first = ml.MultiTask().Trainers.NeuralNetwork(TrainerTests.AllKinds(epochs: 3)).Fit(Houses(ml, 200, 1, rawScale: true));
            // New data on another scale: the warm start must keep the statistics the weights were trained with.
            var shifted = Houses(ml, 200, 2, rawScale: true);
            var second = ml.MultiTask().Trainers.NeuralNetwork(TrainerTests.AllKinds(epochs: 1)).Fit(shifted, first.Model);
            Assert.That(second.Layout.Heads[0].Scaling.Mean, Is.EqualTo(first.Layout.Heads[0].Scaling.Mean));
            Assert.That(second.Layout.Heads[0].Scaling.Scale, Is.EqualTo(first.Layout.Heads[0].Scaling.Scale));

            var options = TrainerTests.AllKinds(epochs: 1);
            options.StandardizeRegressionLabels = false;
            var error = Assert.Throws<InvalidOperationException>(() => ml.MultiTask().Trainers.NeuralNetwork(options).Fit(shifted, first.Model));
            Assert.That(error.Message, Does.Contain("StandardizeRegressionLabels").And.Contain("with standardised"));
        }

        [Test]
        public void ValidationFractionHoldsOutSeededRowsForEarlyStopping()
        {
            List<string> Run(int seed, out MultiTaskTransformer model)
            {
                var ml = new MLContext(seed: 1);
                var messages = new List<string>();
                ml.Log += (_, e) => { if (e.Message.Contains("Training 3 task(s)")) messages.Add(e.Message); };
                var options = TrainerTests.AllKinds(epochs: 4);
                options.ValidationFraction = 0.25;
                options.Seed = seed;
                model = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(SyntheticData.Load(ml, 200, seed: 1));
                return messages;
            }
            var log = Run(3, out var a);
            Run(3, out var b);
            Run(4, out var c);
            Assert.That(log.Single(), Does.Contain("on 150 rows").And.Contain("validating on 50 rows"));
            Assert.That(a.TrainingHistory.Epochs.All(e => e.ValidationLoss != null && e.ValidationLoss.Count == 3));
            var lossesA = a.TrainingHistory.Epochs.Select(e => e.WeightedValidationLoss.Value).ToArray();
            Assert.That(StateValues.All(b), Is.EqualTo(StateValues.All(a)), "same seed, same hold-out, same model");
            // The float32 reduction of a validation loss may differ in its last bits between runs; the rows may not.
            Assert.That(b.TrainingHistory.Epochs.Select(e => e.WeightedValidationLoss.Value).ToArray(), Is.EqualTo(lossesA).Within(1e-4).Percent);
            Assert.That(Math.Abs(c.TrainingHistory.Epochs[0].WeightedValidationLoss.Value - lossesA[0]), Is.GreaterThan(1e-3), "another seed, other rows");
        }

        [TestCase(-0.1)]
        [TestCase(1.0)]
        [TestCase(double.NaN)]
        public void ValidationFractionOutOfRangeIsRefused(double fraction)
        {
            var options = TrainerTests.AllKinds();
            options.ValidationFraction = fraction;
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MLContext().MultiTask().Trainers.NeuralNetwork(options));
            Assert.That(error.Message, Does.Contain("ValidationFraction must be in [0, 1)"));
        }

        [Test]
        public void ValidationFractionWithValidationSetOrTooFewRowsIsRefused()
        {
            var ml = new MLContext(seed: 1);
            var options = TrainerTests.AllKinds(epochs: 1);
            options.ValidationFraction = 0.2;
            options.ValidationSet = SyntheticData.Load(ml, 20, seed: 2);
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => ml.MultiTask().Trainers.NeuralNetwork(options)).Message,
                Does.Contain("ValidationSet is set too"));

            options.ValidationSet = null;
            options.ValidationFraction = 0.1;
            var error = Assert.Throws<InvalidOperationException>(() => ml.MultiTask().Trainers.NeuralNetwork(options).Fit(SyntheticData.Load(ml, 3, seed: 2)));
            Assert.That(error.Message, Does.Contain("ValidationFraction = 0.1 of 3 training rows holds out 0 row(s)"));
        }
    }
}
