using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    /// <summary>Each task's metric per epoch in the history and the log, as Keras's <c>metrics=</c> reports it.</summary>
    public class EpochMetricTests
    {
        [Test]
        public void TheBestEpochsValidationMetricsAreMlNetsMetricsOfTheKeptModel()
        {
            var ml = new MLContext(seed: 1);
            var validation = SyntheticData.Load(ml, 300, seed: 2);
            var options = TrainerTests.AllKinds(epochs: 6);
            options.ValidationSet = validation;
            var messages = new List<string>();
            ml.Log += (_, e) => { if (e.Message.Contains("Epoch ")) lock (messages) messages.Add(e.Message); };
            var model = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(SyntheticData.Load(ml, 600, seed: 1));

            var history = model.TrainingHistory;
            var best = history.Epochs[history.BestEpoch - 1];
            var metrics = ml.MultiTask().Evaluate(model.Transform(validation), model);
            Assert.That(best.MetricNames, Is.EqualTo(new Dictionary<string, string> { ["Price"] = "RMSE", ["IsLuxury"] = "accuracy", ["Category"] = "accuracy" }));
            Assert.That(best.ValidationMetrics["Price"], Is.EqualTo(metrics["Price"].Regression.RootMeanSquaredError).Within(1e-4).Percent, "RMSE in the label's units");
            Assert.That(best.ValidationMetrics["IsLuxury"], Is.EqualTo(metrics["IsLuxury"].BinaryClassification.Accuracy).Within(1e-9));
            Assert.That(best.ValidationMetrics["Category"], Is.EqualTo(metrics["Category"].MulticlassClassification.MicroAccuracy).Within(1e-9));
            Assert.That(best.TrainingMetrics, Is.Null, "training metrics are asked for");
            Assert.That(messages.Any(m => m.Contains("validation loss Price=") && m.Contains("(RMSE ") && m.Contains("(accuracy ")), Is.True, string.Join("\n", messages));
        }

        [Test]
        public void TrainingMetricsFollowTheBatchesAndChangeNothingInTheModel()
        {
            var ml = new MLContext(seed: 1);
            var train = SyntheticData.Load(ml, 600, seed: 1);
            var options = TrainerTests.AllKinds(epochs: 8);
            var without = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(train);
            options.ReportTrainingMetrics = true;
            var with = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(train);

            Assert.That(StateValues.All(with), Is.EqualTo(StateValues.All(without)), "measuring does not touch training");
            var epochs = with.TrainingHistory.Epochs;
            Assert.That(epochs.Last().TrainingMetrics["IsLuxury"], Is.GreaterThan(epochs.First().TrainingMetrics["IsLuxury"]), "accuracy rises as the model learns");
            Assert.That(epochs.Last().TrainingMetrics["Price"], Is.LessThan(epochs.First().TrainingMetrics["Price"]), "RMSE falls");
            // The last epoch's running RMSE is close to the trained model's RMSE on the training rows (it lags a little).
            var metrics = ml.MultiTask().Evaluate(with.Transform(train), with);
            Assert.That(epochs.Last().TrainingMetrics["Price"], Is.EqualTo(metrics["Price"].Regression.RootMeanSquaredError).Within(25).Percent);
        }

        [Test]
        public void StackedTasksReportTheSameMetricsAsTheTaskByTaskPath()
        {
            // Eight tasks: two groups of four computed as one batched operation each; their metrics come out per task.
            var ml = new MLContext(seed: 1);
            var data = StackedTaskLossesTests.Load(ml, 400, 1);
            var options = new MultiTaskTrainer.Options
            {
                Tasks = StackedTaskLossesTests.EightTasks(), HiddenLayers = new[] { 16 }, MaxEpochs = 3, Seed = 3,
                ReportTrainingMetrics = true, ValidationSet = StackedTaskLossesTests.Load(ml, 200, 2),
            };
            var model = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(data);
            var last = model.TrainingHistory.Epochs.Last();
            Assert.That(last.TrainingMetrics.Keys, Is.EquivalentTo(options.Tasks.Select(t => t.Name)));
            Assert.That(last.TrainingMetrics.Values, Is.All.GreaterThan(0).And.All.LessThan(double.PositiveInfinity));
            var best = model.TrainingHistory.Epochs[model.TrainingHistory.BestEpoch - 1];
            var validation = ml.MultiTask().Evaluate(model.Transform(options.ValidationSet), model);
            Assert.That(best.ValidationMetrics["P"], Is.EqualTo(validation["P"].BinaryClassification.Accuracy).Within(1e-9));
            Assert.That(best.ValidationMetrics["D"], Is.EqualTo(validation["D"].Regression.RootMeanSquaredError).Within(1e-4).Percent, "pooled over a vector label's slots");
        }
    }
}
