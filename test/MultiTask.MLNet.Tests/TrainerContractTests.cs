using System;
using System.Linq;
using Microsoft.ML;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    /// <summary>The ML.NET trainer conventions: Fit(train, validation) and the catalog overload of common settings.</summary>
    public class TrainerContractTests
    {
        [Test]
        public void FitWithValidationDataIsTheValidationSetOption()
        {
            var ml = new MLContext(seed: 1);
            var train = SyntheticData.Load(ml, 300, seed: 1);
            var validation = SyntheticData.Load(ml, 100, seed: 2);
            var trainer = ml.MultiTask().Trainers.NeuralNetwork(TrainerTests.AllKinds(epochs: 4));
            var viaFit = trainer.Fit(train, validation);

            var options = TrainerTests.AllKinds(epochs: 4);
            options.ValidationSet = validation;
            var viaOptions = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(train);
            // Validation losses agree to float rounding only: LibTorch's CPU kernels (MKL) may take alignment-dependent
            // paths in evaluation, which moves the last bits between runs; the trained weights are identical.
            Assert.That(viaFit.TrainingHistory.Epochs.Select(e => e.ValidationLoss["Price"]),
                Is.EqualTo(viaOptions.TrainingHistory.Epochs.Select(e => e.ValidationLoss["Price"])).Within(1e-4).Percent);
            Assert.That(viaFit.TrainingHistory.BestEpoch, Is.EqualTo(viaOptions.TrainingHistory.BestEpoch));
            Assert.That(StateValues.All(viaFit), Is.EqualTo(StateValues.All(viaOptions)));
            // TrainerInfo is built through its internal constructor: its arguments must land on the right properties.
            Assert.That((trainer.Info.NeedNormalization, trainer.Info.WantCaching), Is.EqualTo((true, false)));

            options = TrainerTests.AllKinds(epochs: 4);
            options.ValidationFraction = 0.2;
            var error = Assert.Throws<InvalidOperationException>(() => ml.MultiTask().Trainers.NeuralNetwork(options).Fit(train, validation));
            Assert.That(error.Message, Does.Contain("ValidationFraction = 0.2"));
        }

        [Test]
        public void TheCommonSettingsOverloadTrainsWithThem()
        {
            var ml = new MLContext(seed: 1);
            var trainer = ml.MultiTask().Trainers.NeuralNetwork(new[] { TaskSpec.Regression("Price"), TaskSpec.BinaryClassification("IsLuxury") },
                hiddenLayers: new[] { 8, 4 }, maxEpochs: 3, learningRate: 1e-2, batchSize: 50);
            var model = trainer.Fit(SyntheticData.Load(ml, 200, seed: 1));
            Assert.That(model.Model.HiddenLayers, Is.EqualTo(new[] { 8, 4 }));
            Assert.That(model.TrainingHistory.Epochs.Count, Is.EqualTo(3));
            Assert.That(model.Tasks.Select(t => t.Name), Is.EqualTo(new[] { "Price", "IsLuxury" }));
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MultiTask().Trainers.NeuralNetwork(new[] { TaskSpec.Regression("Price") }, learningRate: -1));
            Assert.That(error.Message, Does.Contain("LearningRate"));
        }
    }
}
