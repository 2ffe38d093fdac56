using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Runtime;
using MultiTask.MLNet.Tasks;
using MultiTask.MLNet.Training.Steps;
using NUnit.Framework;
using TorchSharp;

namespace MultiTask.MLNet.Tests
{
    /// <summary>Many same-kind tasks computed as one batched operation give the losses the task-by-task path gives.</summary>
    public class StackedTaskLossesTests
    {
        [OneTimeSetUp]
        public void Native() => TorchSharpRuntime.EnsureInitialized();

        private sealed class ManyTargets
        {
            [VectorType(3)] public float[] Features { get; set; }
            public float A { get; set; }
            [VectorType(3)] public float[] B { get; set; }
            public float C { get; set; }
            [VectorType(2)] public float[] D { get; set; }
            public bool P { get; set; }
            public bool Q { get; set; }
            public bool R { get; set; }
            public bool S { get; set; }
            public float Weight { get; set; }
        }

        private static List<ManyTargets> Rows(int count, int seed)
        {
            var random = new Random(seed);
            float U() => (float)random.NextDouble() * 2 - 1;
            return Enumerable.Range(0, count).Select(i =>
            {
                var x = new[] { U(), U(), U() };
                return new ManyTargets
                {
                    Features = x,
                    A = i % 7 == 0 ? float.NaN : x[0] + x[1],        // some rows without a label
                    B = new[] { x[0] * x[1], x[2], -x[0] },
                    C = x[1] * x[2],
                    D = new[] { x[0] - x[2], x[1] * x[1] },
                    P = x[0] > 0, Q = x[1] > x[2], R = x[0] + x[2] > 0.3f, S = x[1] * x[0] > 0,
                    Weight = 1 + i % 3,
                };
            }).ToList();
        }

        internal static IDataView Load(MLContext ml, int count, int seed) => ml.Data.LoadFromEnumerable(Rows(count, seed));

        internal static System.Collections.Generic.List<TaskSpec> EightTasks() => Specs.ToList();

        private static readonly TaskSpec[] Specs =
        {
            TaskSpec.Regression("A"), TaskSpec.BinaryClassification("P"), TaskSpec.Regression("B"), TaskSpec.Regression("C"),
            TaskSpec.BinaryClassification("Q"), TaskSpec.Regression("D"), TaskSpec.BinaryClassification("R"), TaskSpec.BinaryClassification("S"),
        };

        // Four regression tasks of the same width (3): their per-row losses are averaged by a reshape, not a matrix product.
        private static readonly TaskSpec[] EqualWidths = Enumerable.Range(1, 4).Select(i => TaskSpec.Regression("B", $"B{i}")).ToArray();

        [TestCase(false, false)]
        [TestCase(true, false)]
        [TestCase(false, true)]
        public void StackedLossesAreTheTaskByTaskLosses(bool perTaskRepresentations, bool equalWidths)
        {
            var ml = new MLContext(seed: 1);
            var view = ml.Data.LoadFromEnumerable(Rows(64, 1));
            var tasks = (equalWidths ? EqualWidths : Specs).Select(t => BoundTask.Bind(t, view.Schema)).ToList();
            var read = TrainingDataReader.Read(view, "Features", tasks, "Weight", FitCancellation.None, "data");
            torch.random.manual_seed(3);
            var architecture = perTaskRepresentations ? (MultiTaskArchitecture)new MixtureOfExperts { Experts = 2, ExpertLayers = new[] { 5 } } : new HardParameterSharing { HiddenLayers = new[] { 5 } };
            using var network = new MultiTaskNetwork(new NetworkLayout(3, architecture,
                tasks.Select((t, k) => new HeadLayout(k == 2 ? new[] { 4 } : Array.Empty<int>(), t.OutputSize)).ToList(), Activation.Tanh, 0));
            using var data = new DataTensors(read, torch.CPU);
            using var scope = torch.NewDisposeScope();
            var rows = torch.tensor(new long[] { 5, 0, 7, 14, 3, 3, 60, 21, 9 });
            var representations = network.Representations(data.Features.index_select(0, rows));

            var groups = StackedTaskLosses.Find(tasks);
            Assert.That(groups.Select(g => g.Tasks), Is.EqualTo(equalWidths ? new[] { new[] { 0, 1, 2, 3 } } : new[] { new[] { 0, 2, 3, 5 }, new[] { 1, 4, 6, 7 } }),
                "one group per kind, in task order");
            using var stackedStatistics = new EpochStatistics(tasks.Count);
            using var singleStatistics = new EpochStatistics(tasks.Count);
            foreach (var group in groups)
            {
                var means = group.Means(network, representations, data, rows, stackedStatistics).data<float>().ToArray();
                for (int i = 0; i < group.Tasks.Count; i++)
                {
                    int k = group.Tasks[i];
                    var output = network.Head(k, representations[k]);
                    var (mean, sum, count) = TaskLoss.Of(tasks[k].Rules, output, data.Labels[k].index_select(0, rows), data.RowWeights[k].index_select(0, rows));
                    singleStatistics.AddLoss(k, sum, count);
                    Assert.That(means[i], Is.EqualTo(mean.item<float>()).Within(1e-4).Percent, $"task {tasks[k].Name}");
                }
            }
            Assert.That(stackedStatistics.MeanLosses(), Is.EqualTo(singleStatistics.MeanLosses()).Within(1e-4).Percent, "the epoch's statistics");
        }

        [Test]
        public void FewerThanFourTasksOfAKindAreComputedTaskByTask()
        {
            var view = new MLContext().Data.LoadFromEnumerable(Rows(8, 1));
            var tasks = Specs.Take(5).Select(t => BoundTask.Bind(t, view.Schema)).ToList();
            Assert.That(StackedTaskLosses.Find(tasks), Is.Empty, "three regression and two binary tasks keep the task-by-task arithmetic");
        }

        [Test]
        public void EightStackedTasksLearnAndTheSameSeedGivesTheSameModel()
        {
            var ml = new MLContext(seed: 1);
            var train = ml.Data.LoadFromEnumerable(Rows(600, 1));
            var test = ml.Data.LoadFromEnumerable(Rows(300, 2));
            var options = new MultiTaskTrainer.Options { Tasks = Specs.ToList(), HiddenLayers = new[] { 32 }, MaxEpochs = 40, BatchSize = 32, LearningRate = 3e-3, Seed = 5 };
            var model = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(train);
            var metrics = ml.MultiTask().Evaluate(model.Transform(test), model);
            Assert.That(metrics["C"].Regression.RSquared, Is.GreaterThan(0.5));
            Assert.That(metrics["D"].RegressionPerOutput.Select(m => m.RSquared), Is.All.GreaterThan(0.5));
            foreach (var binary in new[] { "P", "Q", "R", "S" })
                Assert.That(metrics[binary].BinaryClassification.AreaUnderRocCurve, Is.GreaterThan(0.85), binary);
            var again = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(train);
            Assert.That(StateValues.All(again), Is.EqualTo(StateValues.All(model)));
        }
    }
}
