using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    /// <summary>Ordinary mistakes and hostile data: each is refused clearly, or made visible, never a plausible number.</summary>
    public class RefusalTests
    {
        private static MultiTaskTransformer Fit(MLContext ml, IEnumerable<HouseRow> rows, Action<MultiTaskTrainer.Options> change = null, int epochs = 2)
        {
            var options = TrainerTests.AllKinds(epochs);
            change?.Invoke(options);
            return ml.MultiTask().Trainers.NeuralNetwork(options).Fit(SyntheticData.Keyed(ml, rows));
        }

        private static Exception FitError(IEnumerable<HouseRow> rows, Action<MultiTaskTrainer.Options> change = null)
            => Assert.Catch(() => Fit(new MLContext(seed: 1), rows, change));

        [Test]
        public void InfiniteRegressionLabelIsAnErrorNamingColumnAndRow([Values(float.PositiveInfinity, float.NegativeInfinity)] float value)
        {
            var rows = SyntheticData.Rows(50, 1);
            rows[3].Price = value;
            var error = FitError(rows);
            Assert.That(error, Is.InstanceOf<InvalidOperationException>());
            Assert.That(error.Message, Does.Contain("Label column 'Price' of task 'Price'").And.Contain("at row 3 of the training data")
                .And.Contain("Only NaN marks a missing label"));
        }

        [Test]
        public void InfiniteSlotOfAVectorLabelNamesTheSlot()
        {
            var rows = SyntheticData.Rows(50, 1);
            rows[7].Both = new[] { 1f, float.PositiveInfinity };
            var error = FitError(rows, o => o.Tasks = new() { TaskSpec.Regression("Both") });
            Assert.That(error.Message, Does.Contain("Label column 'Both'").And.Contain("at slot 1 of row 7"));
        }

        public enum NoLabels { AllNaN, AllMissingKeys, HasLabelAllFalse, AllWeightsZero }

        [Test]
        public void TaskWithoutAnyRowThatCountsIsRefusedInEverySamplingMode(
            [Values] NoLabels how, [Values("shared batch", "per task", "alternate")] string mode)
        {
            var sampling = mode == "per task" ? TaskSampling.PerTask : TaskSampling.SharedBatch;
            var schedule = mode == "alternate" ? TrainingSchedule.Alternate : TrainingSchedule.Joint;
            var rows = SyntheticData.Rows(60, 1);
            string expected = how switch
            {
                NoLabels.AllNaN => "Task 'Price' has no row that counts in its loss in the training data: every value of label column 'Price' is missing (NaN)",
                NoLabels.AllMissingKeys => "Task 'Category' has no row that counts in its loss in the training data: every value of label column 'Category' is missing (the missing key)",
                NoLabels.HasLabelAllFalse => "Task 'IsLuxury' has no row that counts in its loss in the training data: has-label column 'HasLuxury' is false on every row",
                _ => "has no row that counts in its loss in the training data: every labelled row has example weight 0 (column 'Weight')",
            };
            foreach (var row in rows)
            {
                if (how == NoLabels.AllNaN) row.Price = float.NaN;
                if (how == NoLabels.AllMissingKeys) row.Category = "not a known category";
                if (how == NoLabels.AllWeightsZero) row.Weight = 0;
            }
            var data = SyntheticData.Keyed(new MLContext(), rows);
            var withFlag = new MLContext().Transforms.Expression("HasLuxury", "x => x < -1000", "Price").Fit(data).Transform(data);
            var options = TrainerTests.AllKinds(epochs: 1);
            options.TaskSampling = sampling;
            options.Schedule = schedule;
            if (how == NoLabels.HasLabelAllFalse)
                options.Tasks[1] = options.Tasks[1].WithHasLabelColumn("HasLuxury");
            if (how == NoLabels.AllWeightsZero)
                options.ExampleWeightColumnName = "Weight";
            var error = Assert.Throws<InvalidOperationException>(() => new MLContext(seed: 1).MultiTask().Trainers.NeuralNetwork(options).Fit(withFlag));
            Assert.That(error.Message, Does.Contain(expected).And.Contain("learn nothing"));
        }

        [Test]
        public void LabelsMissingFromEitherSideOfTheHoldOutAreRefused()
        {
            var rows = SyntheticData.Rows(10, 1);
            // One row has a price: the seeded hold-out of half the rows takes it for some seeds and leaves it for others.
            foreach (var row in rows.Skip(1))
                row.Price = float.NaN;
            var messages = Enumerable.Range(0, 20).Select(seed => Assert.Catch(() => Fit(new MLContext(seed: 1), rows, o =>
            {
                o.Tasks = new() { TaskSpec.Regression("Price") };
                o.ValidationFraction = 0.5;
                o.Seed = seed;
            })).Message).ToList();
            Assert.That(messages, Has.Some.Contain("Task 'Price' has no row that counts in its loss in the training data once ValidationFraction = 0.5 of its rows were held out"));
            Assert.That(messages, Has.Some.Contain("The validation rows have no label for task(s) 'Price', so early stopping (WeightedLoss) has no loss to follow"));
        }

        [Test]
        public void HugeFeatureValuesStopTrainingWithAnErrorNamingEpochTaskAndCause()
        {
            var rows = SyntheticData.Rows(200, 1);
            rows[10].Features[2] = 1e30f;
            var error = FitError(rows);
            Assert.That(error, Is.InstanceOf<InvalidOperationException>());
            Assert.That(error.Message, Does.Match("Training diverged in epoch 1: the training loss of task '(Price|IsLuxury|Category)' is (NaN|∞|-∞|Infinity)")
                .And.Contain("normalise the features").And.Contain("No model was returned"));
        }

        [Test]
        public void HugeLabelWithoutStandardizationStopsTraining()
        {
            var rows = SyntheticData.Rows(200, 1);
            rows[10].Price = 1e30f;
            var error = FitError(rows, o => o.StandardizeRegressionLabels = false);
            Assert.That(error.Message, Does.Contain("Training diverged in epoch 1: the training loss of task 'Price'").And.Contain("StandardizeRegressionLabels is off"));
        }

        [Test]
        public void NonFiniteValidationLossIsAnErrorNotAnEarlyStop()
        {
            var ml = new MLContext(seed: 1);
            var validation = SyntheticData.Rows(50, 2);
            validation[4].Features[0] = 1e30f;
            var error = Assert.Throws<InvalidOperationException>(() =>
                Fit(ml, SyntheticData.Rows(200, 1), o => o.ValidationSet = SyntheticData.Keyed(ml, validation), epochs: 5));
            Assert.That(error.Message, Does.Match("The validation loss of task '.*' is .* after epoch 1").And.Contain("far outside the training data's range"));
        }

        [Test]
        public void OptionsChangedAfterTheTrainerWasCreatedDoNotReachIt()
        {
            var ml = new MLContext(seed: 1);
            var options = TrainerTests.AllKinds(epochs: 3);
            var trainer = ml.MultiTask().Trainers.NeuralNetwork(options);
            options.MaxEpochs = 0;
            options.LearningRate = double.NaN;
            options.Tasks.Clear();
            var model = trainer.Fit(SyntheticData.Load(ml, 100, seed: 1));
            Assert.That(model.TrainingHistory.Epochs.Count, Is.EqualTo(3));
            Assert.That(model.Tasks.Count, Is.EqualTo(3));
            Assert.That(model.TrainingHistory.Epochs.Last().WeightedTrainingLoss, Is.Not.NaN);
        }

        [Test, CancelAfter(120_000)]
        public void FitWaitingForAnotherFitHonoursItsCancellationAndSaysWhichTokenCancelled()
        {
            var ml = new MLContext(seed: 1);
            var data = SyntheticData.Load(ml, 200, seed: 1);
            using var stopFirst = new CancellationTokenSource();
            using var training = new ManualResetEventSlim();
            var first = TrainerTests.AllKinds(epochs: 100_000);
            first.CancellationToken = stopFirst.Token;
            first.Progress = new Progress(() => training.Set());
            var running = Task.Run(() => ml.MultiTask().Trainers.NeuralNetwork(first).Fit(data));
            try
            {
                Assert.That(training.Wait(TimeSpan.FromSeconds(60)), "the first Fit started training");
                using var stopSecond = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
                var second = TrainerTests.AllKinds(epochs: 1);
                second.CancellationToken = stopSecond.Token;
                var waiting = Task.Run(() => ml.MultiTask().Trainers.NeuralNetwork(second).Fit(data));
                Assert.That(() => waiting.Wait(TimeSpan.FromSeconds(20)), Throws.InstanceOf<AggregateException>()
                    .With.InnerException.InstanceOf<OperationCanceledException>()
                    .And.InnerException.Message.Contain("Options.CancellationToken"));
                Assert.That(running.IsCompleted, Is.False, "the second Fit gave up while the first was still training");
            }
            finally
            {
                stopFirst.Cancel();
            }
            var firstError = Assert.Throws<AggregateException>(() => running.Wait());
            Assert.That(firstError.InnerException, Is.InstanceOf<OperationCanceledException>());
        }

        [Test]
        public void InputColumnNamedLikeAnIntermediateColumnIsRefused()
        {
            var ml = new MLContext(seed: 1);
            var data = SyntheticData.Load(ml, 60, seed: 1);
            var clashing = ml.Transforms.CopyColumns("Price.Score#slot", "Price").Fit(data).Transform(data);
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MultiTask().Trainers.NeuralNetwork(TrainerTests.AllKinds(epochs: 1)).Fit(clashing));
            Assert.That(error.Message, Does.Contain("'Price.Score#slot'").And.Contain("intermediate column"));

            var model = ml.MultiTask().Trainers.NeuralNetwork(TrainerTests.AllKinds(epochs: 1)).Fit(data);
            var atScoring = ml.Transforms.CopyColumns("Category.PredictedLabel#value", "Price").Fit(data).Transform(data);
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => model.Transform(atScoring)).Message, Does.Contain("'Category.PredictedLabel#value'"));
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => ml.MultiTask().Trainers.NeuralNetwork(TrainerTests.AllKinds(epochs: 1))
                .GetOutputSchema(MultiTask.MLNet.Scoring.SchemaShapeConversion.FromSchema(clashing.Schema))).Message, Does.Contain("intermediate column"));
        }

        [Test]
        public void UnscorableRowPredictsTheMissingClassInMemoryAfterLoadAndInStandaloneOnnx()
        {
            var ml = new MLContext(seed: 1);
            var model = Fit(ml, SyntheticData.Rows(200, 1), epochs: 5);
            var rows = SyntheticData.Rows(4, 3);
            rows[1].Features[0] = float.NaN;
            rows[2].Features[3] = float.PositiveInfinity;
            var data = SyntheticData.Keyed(ml, rows);

            uint[] Keys(IDataView scored) => scored.GetColumn<uint>("Category.PredictedLabel").ToArray();
            var inMemory = Keys(model.Transform(data));
            Assert.That(inMemory[1], Is.EqualTo(0u), "NaN feature: the missing key");
            Assert.That(inMemory[2], Is.EqualTo(0u), "infinite feature: the missing key");
            Assert.That(inMemory[0], Is.Not.EqualTo(0u));
            Assert.That(inMemory[3], Is.Not.EqualTo(0u));
            var names = ml.Transforms.Conversion.MapKeyToValue("Name", "Category.PredictedLabel").Fit(model.Transform(data)).Transform(model.Transform(data));
            Assert.That(names.GetColumn<string>("Name").ElementAt(1), Is.Empty);

            var path = Path.Combine(Path.GetTempPath(), $"unscorable-{Guid.NewGuid():N}.zip");
            try
            {
                ml.Model.Save(model, data.Schema, path);
                Assert.That(Keys(new MLContext().Model.Load(path, out _).Transform(data)), Is.EqualTo(inMemory));
            }
            finally
            {
                File.Delete(path);
            }

            using var onnx = new MemoryStream();
            model.SaveAsOnnx(onnx);
            using var session = new InferenceSession(onnx.ToArray());
            var features = new DenseTensor<float>(rows.SelectMany(r => r.Features).ToArray(), new[] { rows.Count, 4 });
            using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("Features", features) });
            var labels = results.Single(r => r.Name == "Category.PredictedLabel").AsTensor<string>().ToArray();
            Assert.That(labels[1], Is.Empty);
            Assert.That(labels[2], Is.Empty);
            Assert.That(labels[0], Is.EqualTo(SyntheticData.Categories[inMemory[0] - 1]));
            Assert.That(labels[3], Is.EqualTo(SyntheticData.Categories[inMemory[3] - 1]));
        }

        [Test]
        public void EvaluateSkipsRowsWhoseHasLabelColumnIsFalse()
        {
            var ml = new MLContext(seed: 1);
            var rows = SyntheticData.Rows(300, 1);
            // Rows without a price label carry a nonsense price: counted, they would wreck the RMSE.
            foreach (var row in rows.Where((_, i) => i % 3 == 0))
                row.Weight = 0;
            foreach (var row in rows.Where(r => r.Weight == 0))
                row.Price = 1000;
            var data = SyntheticData.Keyed(ml, rows);
            var flagged = ml.Transforms.Expression("HasPrice", "w => w > 0", "Weight").Fit(data).Transform(data);
            var options = TrainerTests.AllKinds(epochs: 10);
            options.Tasks[0] = options.Tasks[0].WithHasLabelColumn("HasPrice");
            var model = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(flagged);
            var scored = model.Transform(flagged);

            var metrics = ml.MultiTask().Evaluate(scored, model);
            var labelledOnly = ml.Data.FilterRowsByColumn(scored, "Weight", lowerBound: 0.5);
            var expected = ml.Regression.Evaluate(labelledOnly, "Price", "Price.Score");
            Assert.That(metrics["Price"].Regression.RootMeanSquaredError, Is.EqualTo(expected.RootMeanSquaredError).Within(1e-9));
            Assert.That(metrics["Price"].Regression.RootMeanSquaredError, Is.LessThan(5), "the 100 unlabelled rows are not counted");
            Assert.That(metrics["IsLuxury"].BinaryClassification.Accuracy, Is.EqualTo(ml.BinaryClassification.Evaluate(scored, "IsLuxury", "IsLuxury.Score",
                "IsLuxury.Probability", "IsLuxury.PredictedLabel").Accuracy), "a task without a has-label column uses every row");
        }

        private sealed class Progress : IProgress<EpochRecord>
        {
            private readonly Action onEpoch;

            public Progress(Action onEpoch) => this.onEpoch = onEpoch;

            public void Report(EpochRecord value) => onEpoch();
        }
    }
}
