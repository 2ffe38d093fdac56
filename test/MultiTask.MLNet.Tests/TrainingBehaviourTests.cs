using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using System.Threading;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    public class TrainingBehaviourTests
    {
        [Test]
        public void SameSeedGivesBitwiseIdenticalWeightsAndOtherSeedDoesNot()
        {
            float[] Train(int seed)
            {
                var ml = new MLContext(seed: 5);
                var options = TrainerTests.AllKinds(epochs: 3);
                options.Seed = seed;
                options.Dropout = 0.2f;
                var model = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(SyntheticData.Load(ml, 200, seed: 4));
                return StateValues.All(model);
            }
            var first = Train(11);
            Assert.That(Train(11), Is.EqualTo(first));
            Assert.That(Train(12), Is.Not.EqualTo(first));
        }

        [Test]
        public void MlContextSeedAloneMakesTrainingReproducible()
        {
            float Train()
            {
                var ml = new MLContext(seed: 42);
                var options = TrainerTests.AllKinds(epochs: 2);
                options.Seed = null;
                return ml.MultiTask().Trainers.NeuralNetwork(options).Fit(SyntheticData.Load(ml, 100, seed: 4)).Weights["shared.layer0.weight"].Values.Sum();
            }
            Assert.That(Train(), Is.EqualTo(Train()));
        }

        [Test]
        public void EarlyStoppingKeepsTheBestValidationEpoch()
        {
            var ml = new MLContext(seed: 1);
            var train = SyntheticData.Load(ml, 60, seed: 5);
            var valid = SyntheticData.Load(ml, 200, seed: 6);
            var options = new MultiTaskTrainer.Options
            {
                Tasks = { TaskSpec.Regression("Price") },
                HiddenLayers = new[] { 64, 64 },
                LearningRate = 0.03,
                BatchSize = 8,
                MaxEpochs = 60,
                ValidationSet = valid,
                EarlyStoppingPatience = 3,
                Seed = 1,
            };
            var model = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(train);
            var history = model.TrainingHistory;
            var losses = history.Epochs.Select(e => e.WeightedValidationLoss.Value).ToList();
            int best = losses.IndexOf(losses.Min()) + 1;

            Assert.That(history.BestEpoch, Is.EqualTo(best));
            Assert.That(history.Epochs.Count, Is.EqualTo(Math.Min(best + 3, 60)));
            Assert.That(history.Epochs.All(e => e.ValidationLoss.ContainsKey("Price")));
            var scored = model.Transform(valid);
            double mse = ml.Regression.Evaluate(scored, "Price", "Price.Score").MeanSquaredError;
            // The history's losses are on the standardised labels: MSE / variance of the training labels.
            double variance = Math.Pow(model.Layout.Heads[0].Scaling.Scale[0], 2);
            Assert.That(mse / variance, Is.EqualTo(history.Epochs[best - 1].ValidationLoss["Price"]).Within(1e-4 * mse / variance + 1e-7),
                "the model holds the weights of the best epoch, not of the last");
        }

        [Test]
        public void CancelExecutionStopsTrainingPromptly()
        {
            var ml = new MLContext(seed: 1);
            int epochsLogged = 0;
            ml.Log += (_, e) =>
            {
                if (!e.Message.Contains("Epoch "))
                    return;
                epochsLogged++;
                ml.MultiTask().CancelExecution();
            };
            var trainer = ml.MultiTask().Trainers.NeuralNetwork(TrainerTests.AllKinds(epochs: 1000));
            Assert.Throws<OperationCanceledException>(() => trainer.Fit(SyntheticData.Load(ml, 200, seed: 1)));
            Assert.That(epochsLogged, Is.EqualTo(1));
        }

        [Test]
        public void CancellationTokenStopsTrainingPromptly()
        {
            var ml = new MLContext(seed: 1);
            using var source = new CancellationTokenSource();
            int epochsLogged = 0;
            ml.Log += (_, e) =>
            {
                if (e.Message.Contains("Epoch "))
                {
                    epochsLogged++;
                    source.Cancel();
                }
            };
            var options = TrainerTests.AllKinds(epochs: 1000);
            options.CancellationToken = source.Token;
            Assert.Throws<OperationCanceledException>(() => ml.MultiTask().Trainers.NeuralNetwork(options).Fit(SyntheticData.Load(ml, 200, seed: 1)));
            Assert.That(epochsLogged, Is.EqualTo(1));
        }

        [Test]
        public void ProgressGoesToMlContextLog()
        {
            var ml = new MLContext(seed: 1);
            var messages = new List<string>();
            ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
            ml.MultiTask().Trainers.NeuralNetwork(TrainerTests.AllKinds(epochs: 2)).Fit(SyntheticData.Load(ml, 100, seed: 1));
            Assert.That(messages.Count(m => m.Contains("Epoch 2/2: train loss Price=")), Is.EqualTo(1));
        }

        [Test]
        public void RowsWithoutALabelDoNotCountInThatTasksLoss()
        {
            var ml = new MLContext(seed: 1);
            var rows = SyntheticData.Rows(200, 1);
            foreach (var row in rows.Take(100))
                row.Price = float.NaN;
            var data = ml.Data.LoadFromEnumerable(rows);
            var options = new MultiTaskTrainer.Options { Tasks = { TaskSpec.Regression("Price"), TaskSpec.BinaryClassification("IsLuxury") }, MaxEpochs = 2, Seed = 1 };
            var model = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(data);
            Assert.That(model.TrainingHistory.Epochs.All(e => double.IsFinite(e.TrainingLoss["Price"])));
            Assert.That(model.Transform(data).GetColumn<float>("Price.Score").All(float.IsFinite));
        }

        [Test]
        public void ExampleWeightsOfZeroRemoveRowsFromTraining()
        {
            // Rows of weight 0 carry absurd labels: if they counted, the fit would be far off.
            var ml = new MLContext(seed: 1);
            var rows = SyntheticData.Rows(400, 2);
            foreach (var row in rows.Where((_, i) => i % 2 == 0))
            {
                row.Weight = 0;
                row.Price = 1000;
            }
            var options = new MultiTaskTrainer.Options
            {
                Tasks = { TaskSpec.Regression("Price") },
                ExampleWeightColumnName = "Weight",
                MaxEpochs = 40,
                LearningRate = 3e-3,
                Seed = 1,
            };
            var model = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(ml.Data.LoadFromEnumerable(rows));
            var test = ml.Data.LoadFromEnumerable(SyntheticData.Rows(200, 9));
            Assert.That(ml.Regression.Evaluate(model.Transform(test), "Price", "Price.Score").MeanSquaredError, Is.LessThan(0.3));
        }
    }
}
