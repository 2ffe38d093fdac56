using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    public class BadInputTests
    {
        private MLContext ml;
        private IDataView data;

        [SetUp]
        public void Setup()
        {
            ml = new MLContext(seed: 1);
            data = SyntheticData.Load(ml, 50, seed: 1);
        }

        private Exception FitError(Action<MultiTaskTrainer.Options> change, IDataView input = null)
        {
            var options = TrainerTests.AllKinds(epochs: 1);
            change(options);
            return Assert.Catch(() => ml.MultiTask().Trainers.NeuralNetwork(options).Fit(input ?? data));
        }

        [Test]
        public void MissingFeatureColumnIsNamed()
            => Assert.That(FitError(o => o.FeatureColumnName = "Nope").Message, Does.Contain("Feature column 'Nope'").And.Contain("known-size vector of Single"));

        [Test]
        public void ScalarFeatureColumnIsRejectedWithItsType()
            => Assert.That(FitError(o => o.FeatureColumnName = "Price").Message, Does.Contain("Feature column 'Price' has type Single"));

        [Test]
        public void UnknownSizeFeatureVectorIsRejected()
        {
            var rows = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 5).Select(i => new VariableRow { Features = new float[] { i }, Price = i }));
            var error = FitError(o => o.Tasks = new() { TaskSpec.Regression("Price") }, rows);
            Assert.That(error.Message, Does.Contain("Feature column 'Features' has type Vector<Single>").And.Contain("known-size"));
        }

        [Test]
        public void MissingLabelColumnIsNamedWithTask()
            => Assert.That(FitError(o => o.Tasks.Add(TaskSpec.Regression("Rent"))).Message, Does.Contain("Label column 'Rent' of task 'Rent' is not in the training data"));

        [TestCase("IsLuxury", TaskKind.Regression, "Single (float)")]
        [TestCase("Price", TaskKind.BinaryClassification, "Boolean")]
        [TestCase("Price", TaskKind.MulticlassClassification, "key type")]
        public void WronglyTypedLabelNamesTheExpectedType(string column, TaskKind kind, string expected)
        {
            var spec = kind switch
            {
                TaskKind.Regression => TaskSpec.Regression(column, name: "T"),
                TaskKind.BinaryClassification => TaskSpec.BinaryClassification(column, name: "T"),
                _ => TaskSpec.MulticlassClassification(column, name: "T"),
            };
            var error = FitError(o => o.Tasks = new() { spec });
            Assert.That(error.Message, Does.Contain($"Label column '{column}' of task 'T' has type").And.Contain(expected));
        }

        [Test]
        public void NoTasksIsRejected()
            => Assert.That(Assert.Catch(() => ml.MultiTask().Trainers.NeuralNetwork(new MultiTaskTrainer.Options())).Message, Does.Contain("Options.Tasks must hold at least one TaskSpec"));

        [Test]
        public void TwoTasksWithOneNameAreRejected()
        {
            var options = new MultiTaskTrainer.Options { Tasks = { TaskSpec.Regression("Price"), TaskSpec.BinaryClassification("IsLuxury", name: "Price") } };
            Assert.That(Assert.Catch(() => ml.MultiTask().Trainers.NeuralNetwork(options)).Message, Does.Contain("two tasks named 'Price'"));
        }

        [Test]
        public void OutputColumnCollidingWithInputIsRejectedAtFitAndTransform()
        {
            var collide = ml.Transforms.CopyColumns("Price.Score", "Price").Fit(data).Transform(data);
            Assert.That(FitError(_ => { }, collide).Message, Does.Contain("already has a column 'Price.Score'"));
            var model = ml.MultiTask().Trainers.NeuralNetwork(TrainerTests.AllKinds(epochs: 1)).Fit(data);
            Assert.That(Assert.Catch(() => model.Transform(collide)).Message, Does.Contain("already has a column 'Price.Score'"));
        }

        [Test]
        public void NaNFeatureIsReportedWithRowAndSlot()
        {
            var rows = SyntheticData.Rows(10, 1);
            rows[7].Features[2] = float.NaN;
            var error = FitError(o => o.Tasks = new() { TaskSpec.Regression("Price") }, ml.Data.LoadFromEnumerable(rows));
            Assert.That(error.Message, Does.Contain("Feature column 'Features' has a non-finite value (NaN) at slot 2 of row 7"));
        }

        [Test]
        public void TransformWithOtherFeatureSizeIsRejected()
        {
            var model = ml.MultiTask().Trainers.NeuralNetwork(TrainerTests.AllKinds(epochs: 1)).Fit(data);
            var other = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 3).Select(i => new WideRow { Features = new float[5] }));
            Assert.That(Assert.Catch(() => model.Transform(other)).Message, Does.Contain("has 5 values; the model was trained on 4"));
        }

        [TestCase(nameof(MultiTaskTrainer.Options.MaxEpochs))]
        [TestCase(nameof(MultiTaskTrainer.Options.BatchSize))]
        [TestCase(nameof(MultiTaskTrainer.Options.LearningRate))]
        [TestCase(nameof(MultiTaskTrainer.Options.Dropout))]
        public void BadOptionIsNamed(string option)
        {
            var options = TrainerTests.AllKinds();
            switch (option)
            {
                case nameof(options.MaxEpochs): options.MaxEpochs = 0; break;
                case nameof(options.BatchSize): options.BatchSize = -1; break;
                case nameof(options.LearningRate): options.LearningRate = double.NaN; break;
                default: options.Dropout = 1; break;
            }
            Assert.That(Assert.Catch(() => ml.MultiTask().Trainers.NeuralNetwork(options)).Message, Does.Contain($"Options.{option}"));
        }

        private sealed class VariableRow
        {
            public float[] Features { get; set; }
            public float Price { get; set; }
        }

        private sealed class WideRow
        {
            [VectorType(5)] public float[] Features { get; set; }
        }
    }
}
