using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    public class TrainerTests
    {
        internal static MultiTaskTrainer.Options AllKinds(int epochs = 30) => new MultiTaskTrainer.Options
        {
            Tasks =
            {
                TaskSpec.Regression("Price"),
                TaskSpec.BinaryClassification("IsLuxury"),
                TaskSpec.MulticlassClassification("Category"),
            },
            HiddenLayers = new[] { 32, 16 },
            MaxEpochs = epochs,
            BatchSize = 32,
            LearningRate = 3e-3,
            Seed = 7,
        };

        [Test]
        public void EveryTaskBeatsConstantPredictor()
        {
            var ml = new MLContext(seed: 1);
            var model = ml.MultiTask().Trainers.NeuralNetwork(AllKinds()).Fit(SyntheticData.Load(ml, 800, seed: 1));
            AssertEveryTaskLearned(ml, model);
        }

        /// <summary>
        /// On 400 test rows (seed 2): price MSE below a fifth of the constant predictor's, luxury accuracy above 0.85 and
        /// AUC above 0.9, category micro accuracy above 0.8.
        /// </summary>
        internal static void AssertEveryTaskLearned(MLContext ml, MultiTaskTransformer model)
        {
            var metrics = ml.MultiTask().Evaluate(model.Transform(SyntheticData.Load(ml, 400, seed: 2)), model);
            var prices = SyntheticData.Rows(400, 2).Select(r => (double)r.Price).ToArray();
            double constantMse = prices.Select(p => (p - prices.Average()) * (p - prices.Average())).Average();
            Assert.That(metrics["Price"].Regression.MeanSquaredError, Is.LessThan(0.2 * constantMse));
            Assert.That(metrics["IsLuxury"].BinaryClassification.Accuracy, Is.GreaterThan(0.85));
            Assert.That(metrics["IsLuxury"].BinaryClassification.AreaUnderRocCurve, Is.GreaterThan(0.9));
            Assert.That(metrics["Category"].MulticlassClassification.MicroAccuracy, Is.GreaterThan(0.8));
        }
    }
}
