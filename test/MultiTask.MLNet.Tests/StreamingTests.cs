using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Tasks;
using MultiTask.MLNet.Training.Sampling;
using NUnit.Framework;
using TorchSharp;

namespace MultiTask.MLNet.Tests
{
    /// <summary>Training from IDataView cursors epoch by epoch (<see cref="MultiTaskTrainer.Options.StreamTrainingData"/>).</summary>
    public class StreamingTests
    {
        private static MultiTaskTrainer.Options Streaming(int epochs = 30, int buffer = 100)
        {
            var options = TrainerTests.AllKinds(epochs);
            options.StreamTrainingData = true;
            options.ShuffleBufferSize = buffer;
            return options;
        }

        [Test]
        public void StreamingLearnsEveryTaskAndTheSameSeedGivesTheSameModel()
        {
            var ml = new MLContext(seed: 1);
            var train = SyntheticData.Load(ml, 800, seed: 1);
            // A buffer of 100 rows for 800: the shuffle only reaches part of the data at a time.
            var model = ml.MultiTask().Trainers.NeuralNetwork(Streaming()).Fit(train);
            TrainerTests.AssertEveryTaskLearned(ml, model);

            var again = ml.MultiTask().Trainers.NeuralNetwork(Streaming()).Fit(train);
            Assert.That(StateValues.All(again), Is.EqualTo(StateValues.All(model)), "same seed, same data, same options");
            var otherBuffer = ml.MultiTask().Trainers.NeuralNetwork(Streaming(buffer: 1000)).Fit(train);
            Assert.That(StateValues.All(otherBuffer), Is.Not.EqualTo(StateValues.All(model)), "the buffer size changes the batches");
        }

        [Test]
        public void StreamedLabelStatisticsAreTheInMemoryOnes()
        {
            var ml = new MLContext(seed: 1);
            var rows = SyntheticData.Rows(300, 4);
            for (int i = 0; i < rows.Count; i++)
            {
                rows[i].Both = new[] { 1000 + 50 * rows[i].Price, rows[i].Both[1] };
                rows[i].Weight = i % 3 == 0 ? 2 : 1;
            }
            rows[5].Both = new[] { float.NaN, 7f };
            rows[6].Weight = 0;
            rows[6].Both = new[] { 1e6f, 1e6f };
            var data = SyntheticData.Keyed(ml, rows);
            MultiTaskTransformer Fit(bool stream) => ml.MultiTask().Trainers.NeuralNetwork(new MultiTaskTrainer.Options
            {
                Tasks = { TaskSpec.Regression("Both"), TaskSpec.BinaryClassification("IsLuxury") },
                ExampleWeightColumnName = "Weight",
                MaxEpochs = 1,
                Seed = 2,
                StreamTrainingData = stream,
            }).Fit(data);

            var inMemory = Fit(false).Model.Layout.Heads[0].Scaling;
            var streamed = Fit(true).Model.Layout.Heads[0].Scaling;
            Assert.That(inMemory.Mean[0], Is.GreaterThan(900), "the statistics are those of the raw labels");
            for (int slot = 0; slot < 2; slot++)
            {
                Assert.That(streamed.Mean[slot], Is.EqualTo(inMemory.Mean[slot]).Within(1e-6 * Math.Abs(inMemory.Mean[slot])));
                Assert.That(streamed.Scale[slot], Is.EqualTo(inMemory.Scale[slot]).Within(1e-5 * inMemory.Scale[slot]));
            }
        }

        [Test]
        public void TheShuffleBufferServesEveryRowOnceAnEpochInADifferentOrder()
        {
            var ml = new MLContext(seed: 1);
            var rows = SyntheticData.Rows(1000, 3);
            for (int i = 0; i < rows.Count; i++)
                rows[i].Features[0] = i;
            var stream = Stream(ml, rows);
            var random = new Random(5);
            List<int> Epoch(int buffer, Random r) => stream.ShuffledBatches(32, buffer, r)
                .SelectMany(b => Enumerable.Range(0, b.RowCount).Select(i => (int)b.Features[i * b.FeatureCount])).ToList();

            var first = Epoch(64, random);
            var second = Epoch(64, random);
            Assert.That(first.OrderBy(i => i), Is.EqualTo(Enumerable.Range(0, 1000)), "every row exactly once");
            Assert.That(second.OrderBy(i => i), Is.EqualTo(Enumerable.Range(0, 1000)));
            Assert.That(first, Is.Not.EqualTo(second), "each epoch draws a new order");
            Assert.That(first, Is.Not.EqualTo(Enumerable.Range(0, 1000)));
            // A row can leave the buffer no earlier than buffer-size positions before it was read.
            Assert.That(first.Select((row, position) => position - row).Min(), Is.GreaterThanOrEqualTo(-64));
            Assert.That(Epoch(1, new Random(5)), Is.EqualTo(Enumerable.Range(0, 1000)), "a buffer of one row keeps the data's order");
            Assert.That(Epoch(64, new Random(5)), Is.EqualTo(first), "the same seed draws the same order");
        }

        [Test]
        public void StreamedRowsHoldTheSameTensorsAsInMemoryRows()
        {
            var ml = new MLContext(seed: 1);
            var rows = SyntheticData.Rows(300, 6);
            rows[4].Price = float.NaN;
            var data = SyntheticData.Keyed(ml, rows);
            var tasks = TrainerTests.AllKinds().Tasks.Select(t => BoundTask.Bind(t, data.Schema)).ToList();
            var read = TrainingDataReader.Read(data, "Features", tasks, null, Runtime.FitCancellation.None, "training data");
            var scalings = new[] { LabelScaling.Of(1, read.Labels[0].Values, read.RowWeights(0)), null, null };
            var stream = new RowStream(data, "Features", tasks, null, Runtime.FitCancellation.None, "training data");
            using var inMemory = new InMemoryRows(read.Standardized(scalings), (_, _) => throw new AssertionException("no sampler for validation")).Open(torch.CPU, new Random(1));
            using var streamed = new StreamedRows(stream, scalings, 32, 64).Open(torch.CPU, new Random(1));

            float[] All(IOpenRows source, Func<DataTensors, torch.Tensor> part)
                => source.Chunks(128).SelectMany(c => part(c).contiguous().data<float>().ToArray()).ToArray();
            Assert.That(All(streamed, c => c.Features), Is.EqualTo(All(inMemory, c => c.Features)));
            for (int k = 0; k < tasks.Count; k++)
            {
                Assert.That(All(streamed, c => c.Labels[k]), Is.EqualTo(All(inMemory, c => c.Labels[k])), $"labels of task {k}");
                Assert.That(All(streamed, c => c.RowWeights[k]), Is.EqualTo(All(inMemory, c => c.RowWeights[k])), $"row weights of task {k}");
            }
            Assert.That(All(streamed, c => c.RowWeights[0])[4], Is.EqualTo(0), "the missing price does not count");
        }

        [Test]
        public void TheStreamedHoldOutIsSeededAndNearTheFraction()
        {
            var first = Enumerable.Range(0, 100_000).Where(p => HoldOut.IsHeldOut(p, 0.2, seed: 3)).ToList();
            var again = Enumerable.Range(0, 100_000).Where(p => HoldOut.IsHeldOut(p, 0.2, seed: 3)).ToList();
            var other = Enumerable.Range(0, 100_000).Where(p => HoldOut.IsHeldOut(p, 0.2, seed: 4)).ToHashSet();
            // Binomial(100000, 0.2): standard deviation 126.
            Assert.That(first.Count, Is.InRange(19_500, 20_500));
            Assert.That(again, Is.EqualTo(first));
            Assert.That(first.Count(other.Contains), Is.InRange(3_500, 4_500), "another seed holds out an independent set (0.2 x 0.2)");
            int neighbours = first.Zip(first.Skip(1), (a, b) => b - a).Count(gap => gap == 1);
            Assert.That(neighbours, Is.InRange(3_500, 4_500), "consecutive rows are held out independently");
        }

        [Test]
        public void StreamingTrainsWithAHoldOutAndWithAValidationSet()
        {
            var ml = new MLContext(seed: 1);
            var train = SyntheticData.Load(ml, 600, seed: 1);
            var options = Streaming(epochs: 5);
            options.ValidationFraction = 0.25;
            var held = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(train);
            var heldLosses = held.TrainingHistory.Epochs.Select(e => e.ValidationLoss["Price"]).ToList();
            Assert.That(heldLosses.Last(), Is.LessThan(heldLosses.First()), "the held-out rows are scored every epoch as the model learns");

            options = Streaming(epochs: 5);
            options.ValidationSet = SyntheticData.Load(ml, 200, seed: 2);
            var validated = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(train);
            var losses = validated.TrainingHistory.Epochs.Select(e => e.ValidationLoss["Price"]).ToList();
            Assert.That(losses.Last(), Is.LessThan(losses.First()), "the validation loss falls as the model learns");
        }

        [Test]
        public void StreamingRefusesABadRowBeforeTheFirstEpoch()
        {
            var ml = new MLContext(seed: 1);
            var rows = SyntheticData.Rows(500, 1);
            rows[457].Features[2] = float.PositiveInfinity;
            var options = Streaming(epochs: 3);
            int epochs = 0;
            options.Progress = new Progress(() => epochs++);
            var error = Assert.Throws<InvalidOperationException>(() => ml.MultiTask().Trainers.NeuralNetwork(options).Fit(SyntheticData.Keyed(ml, rows)));
            Assert.That(error.Message, Does.Contain("'Features'").And.Contain("slot 2 of row 457").And.Contain("training data"));
            Assert.That(epochs, Is.EqualTo(0), "the scan before training finds it, not an epoch hours later");
        }

        [Test]
        public void StreamingRefusesSamplingThatNeedsEveryRowAtHand()
        {
            var options = Streaming();
            options.TaskSampling = TaskSampling.PerTask;
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MLContext().MultiTask().Trainers.NeuralNetwork(options));
            Assert.That(error.Message, Does.Contain("StreamTrainingData").And.Contain("PerTask"));
            options = Streaming(buffer: 0);
            error = Assert.Throws<ArgumentOutOfRangeException>(() => new MLContext().MultiTask().Trainers.NeuralNetwork(options));
            Assert.That(error.Message, Does.Contain("ShuffleBufferSize"));
        }

        private static RowStream Stream(MLContext ml, List<HouseRow> rows)
        {
            var data = SyntheticData.Keyed(ml, rows);
            var tasks = TrainerTests.AllKinds().Tasks.Select(t => BoundTask.Bind(t, data.Schema)).ToList();
            return new RowStream(data, "Features", tasks, null, Runtime.FitCancellation.None, "training data");
        }

        private sealed class Progress : IProgress<EpochRecord>
        {
            private readonly Action report;

            public Progress(Action report) => this.report = report;

            public void Report(EpochRecord value) => report();
        }
    }
}
