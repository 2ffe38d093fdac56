using System;
using System.Linq;
using Microsoft.ML;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    public class CrossValidationTests
    {
        [Test]
        public void EveryFoldHasEveryTasksMetricsAndTheSummaryIsTheirMeanAndDeviation()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(SyntheticData.Rows(300, 6));
            var pipeline = ml.Transforms.Conversion.MapValueToKey("Category")
                .Append(ml.MultiTask().Trainers.NeuralNetwork(new MultiTaskTrainer.Options
                {
                    Tasks = { TaskSpec.Regression("Price"), TaskSpec.BinaryClassification("IsLuxury"), TaskSpec.MulticlassClassification("Category") },
                    HiddenLayers = new[] { 16 },
                    MaxEpochs = 60,
                    LearningRate = 3e-3,
                }))
                .Append(ml.Transforms.Conversion.MapKeyToValue("CategoryName", "Category.PredictedLabel"));
            var result = ml.MultiTask().CrossValidate(data, pipeline, numberOfFolds: 3, seed: 2);

            Assert.That(result.Folds.Select(f => f.Fold), Is.EqualTo(new[] { 0, 1, 2 }));
            Assert.That(result.Folds.All(f => f.Metrics.Tasks.Count == 3));
            var r2 = result.Folds.Select(f => f.Metrics["Price"].Regression.RSquared).ToArray();
            Assert.That(r2, Is.All.GreaterThan(0.5), "every fold learned the price (R2 of a constant is <= 0)");
            double mean = r2.Average(), sd = Math.Sqrt(r2.Sum(v => (v - mean) * (v - mean)) / 2);
            Assert.That(result.Summary["Price"]["RSquared"].Mean, Is.EqualTo(mean).Within(1e-12));
            Assert.That(result.Summary["Price"]["RSquared"].StandardDeviation, Is.EqualTo(sd).Within(1e-12));
            Assert.That(result.Summary["IsLuxury"].Keys, Does.Contain("AreaUnderRocCurve"));
            Assert.That(result.Summary["Category"].Keys, Does.Contain("MicroAccuracy"));
            // Each fold's model scored rows it did not train on: the folds' metrics differ.
            Assert.That(r2.Distinct().Count(), Is.EqualTo(3));
            Assert.Throws<ArgumentOutOfRangeException>(() => ml.MultiTask().CrossValidate(data, pipeline, numberOfFolds: 1));
        }
    }
}
