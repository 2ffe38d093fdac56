using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using MultiTask.MLNet.Gradients;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Runtime;
using MultiTask.MLNet.Tasks;
using NUnit.Framework;
using TorchSharp;

namespace MultiTask.MLNet.Tests
{
    public class SurgeryTrainingTests
    {
        private sealed class Row
        {
            [Microsoft.ML.Data.VectorType(4)] public float[] Features { get; set; }
            public float Price { get; set; }
            public float Opposite { get; set; }
            public bool IsLuxury { get; set; }
        }

        private static List<Row> Rows(int count, int seed) => SyntheticData.Rows(count, seed)
            .Select(r => new Row { Features = r.Features, Price = r.Price, Opposite = -r.Price, IsLuxury = r.IsLuxury }).ToList();

        private static MultiTaskTrainer.Options Options(IGradientCombiner combiner, int epochs = 2) => new MultiTaskTrainer.Options
        {
            Tasks = { TaskSpec.Regression("Price").AsPrimary(), TaskSpec.BinaryClassification("IsLuxury", weight: 0.5f) },
            HiddenLayers = new[] { 8, 6 },
            MaxEpochs = epochs,
            BatchSize = 16,
            Seed = 3,
            GradientCombiner = combiner,
        };

        private static float[] Weights(MultiTaskTransformer model)
            => StateValues.All(model);

        private static MultiTaskTransformer Fit(MultiTaskTrainer.Options options, IEnumerable<Row> rows = null)
        {
            var ml = new MLContext(seed: 1);
            return ml.MultiTask().Trainers.NeuralNetwork(options).Fit(ml.Data.LoadFromEnumerable(rows ?? Rows(96, 1)));
        }

        [TestCase(GradientScope.PerParameterTensor, GradientLevel.Parameters)]
        [TestCase(GradientScope.WholeVector, GradientLevel.Parameters)]
        [TestCase(GradientScope.PerParameterTensor, GradientLevel.Representation)]
        public void SumThroughEveryPathEqualsJointTraining(GradientScope scope, GradientLevel level)
        {
            var joint = Weights(Fit(Options(null)));
            var options = Options(new SumCombiner());
            options.GradientScope = scope;
            options.GradientLevel = level;
            Assert.That(Weights(Fit(options)), Is.EqualTo(joint).Within(2e-5));
        }

        [Test]
        public void RepresentationLevelEqualsParameterLevelForOneTaskOnOneLinearLayer()
        {
            // With one task, d(L)/d(theta) = (dz/dtheta)^T dL/dz: both levels give the same update for any rule that
            // leaves a single gradient unchanged (Sum, PCGrad).
            MultiTaskTrainer.Options One(GradientLevel level) => new MultiTaskTrainer.Options
            {
                Tasks = { TaskSpec.Regression("Price") },
                HiddenLayers = new[] { 5 },
                MaxEpochs = 3,
                BatchSize = 16,
                Seed = 4,
                GradientCombiner = new PCGradCombiner(),
                GradientLevel = level,
            };
            Assert.That(Weights(Fit(One(GradientLevel.Representation))), Is.EqualTo(Weights(Fit(One(GradientLevel.Parameters)))).Within(2e-5));
        }

        [Test]
        public void BlocksFollowTheScope()
        {
            var perTensor = new RecordingCombiner();
            var whole = new RecordingCombiner();
            var representation = new RecordingCombiner();
            var a = Options(perTensor, epochs: 1);
            var b = Options(whole, epochs: 1);
            b.GradientScope = GradientScope.WholeVector;
            var c = Options(representation, epochs: 1);
            c.GradientLevel = GradientLevel.Representation;
            Fit(a); Fit(b); Fit(c);
            // Trunk 4 -> 8 -> 6: tensors of 32, 8, 48 and 6 values; 2 task rows each.
            Assert.That(perTensor.Blocks.Take(4), Is.EqualTo(new[] { (0, 2L, 32L), (1, 2L, 8L), (2, 2L, 48L), (3, 2L, 6L) }));
            Assert.That(whole.Blocks.Distinct(), Is.EqualTo(new[] { (0, 2L, 94L) }));
            Assert.That(representation.Blocks.First(), Is.EqualTo((0, 2L, 16L * 6)));
        }

        [Test]
        public void RowsWithoutTheLabelDoNotChangeTheTasksGradient()
        {
            TorchSharpRuntime.EnsureInitialized();
            using var scope = torch.NewDisposeScope();
            torch.random.manual_seed(1);
            var layout = new NetworkLayout(4, new[] { 6 }, new[] { new HeadLayout(Array.Empty<int>(), 1) }, Activation.Tanh, 0);
            using var network = new MultiTaskNetwork(layout);
            var shared = network.SharedParameters().Cast<torch.Tensor>().ToList();
            var x = torch.rand(10, 4);
            var y = torch.rand(10, 1);
            float[] Gradient(torch.Tensor features, torch.Tensor labels, torch.Tensor mask)
            {
                var loss = TaskLoss.Of(MultiTask.MLNet.Tasks.Kinds.TaskKindRules.For(TaskKind.Regression), network.forward(features)[0], labels, mask).Mean;
                return torch.autograd.grad(new[] { loss }, shared, retain_graph: false).SelectMany(g => g.flatten().data<float>().ToArray()).ToArray();
            }
            var labelledOnly = Gradient(x, y, torch.ones(10));
            var withUnlabelled = Gradient(torch.cat(new[] { x, torch.rand(5, 4) }, 0), torch.cat(new[] { y, torch.full(5, 1, 1000f) }, 0),
                torch.cat(new[] { torch.ones(10), torch.zeros(5) }, 0));
            Assert.That(withUnlabelled, Is.EqualTo(labelledOnly).Within(1e-6));
        }

        [Test]
        public void PerTaskSamplingDrawsEachTaskFromItsOwnRowsAndCountsEpochsOnThePrimary()
        {
            // A primary data set (60 rows) and an auxiliary one (200 rows) concatenated, each lacking the other's label.
            var primary = Rows(60, 1).Select(r => { r.Opposite = float.NaN; return r; });
            var auxiliary = Rows(200, 2).Select(r => { r.Price = float.NaN; return r; });
            var recorder = new RecordingCombiner();
            var options = new MultiTaskTrainer.Options
            {
                Tasks = { TaskSpec.Regression("Price").AsPrimary(), TaskSpec.Regression("Opposite") },
                HiddenLayers = new[] { 8 },
                MaxEpochs = 2,
                BatchSize = 16,
                Seed = 3,
                GradientCombiner = recorder,
                GradientScope = GradientScope.WholeVector,
                TaskSampling = TaskSampling.PerTask,
            };
            var model = Fit(options, primary.Concat(auxiliary));
            Assert.That(recorder.Blocks.Count, Is.EqualTo(2 * 4), "ceil(60 / 16) = 4 steps per epoch, counted on the primary task");
            Assert.That(model.TrainingHistory.Epochs.All(e => double.IsFinite(e.TrainingLoss["Price"]) && double.IsFinite(e.TrainingLoss["Opposite"])));
        }

        [Test]
        public void HistoryShowsConflictsBetweenOpposedTasks()
        {
            var options = new MultiTaskTrainer.Options
            {
                Tasks = { TaskSpec.Regression("Price").AsPrimary(), TaskSpec.Regression("Opposite") },
                HiddenLayers = new[] { 8 },
                HeadHiddenLayers = Array.Empty<int>(),
                MaxEpochs = 2,
                Seed = 3,
                GradientCombiner = new ProjectionCombiner(),
                GradientScope = GradientScope.WholeVector,
            };
            var epochs = Fit(options).TrainingHistory.Epochs;
            Assert.That(epochs.All(e => e.MeanGradientCosine < 0), Is.True, string.Join(", ", epochs.Select(e => e.MeanGradientCosine)));
            Assert.That(epochs.All(e => e.GradientConflicts > 0));
            Assert.That(Fit(Options(null)).TrainingHistory.Epochs.All(e => e.MeanGradientCosine == null && e.GradientConflicts == null));
        }

        [Test]
        public void EarlyStoppingCanFollowThePrimaryTask()
        {
            var ml = new MLContext(seed: 1);
            var options = Options(new ProjectionCombiner(alpha: 0.1), epochs: 40);
            options.LearningRate = 0.02;
            options.ValidationSet = ml.Data.LoadFromEnumerable(Rows(100, 7));
            options.EarlyStoppingPatience = 3;
            options.EarlyStoppingCriterion = EarlyStoppingCriterion.PrimaryTaskLoss;
            var history = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(ml.Data.LoadFromEnumerable(Rows(60, 8))).TrainingHistory;
            var primary = history.Epochs.Select(e => e.ValidationLoss["Price"]).ToList();
            Assert.That(history.BestEpoch, Is.EqualTo(primary.IndexOf(primary.Min()) + 1));
            Assert.That(history.Epochs.Count, Is.EqualTo(Math.Min(history.BestEpoch + 3, 40)));
        }

        [Test]
        public void PCGradTrainingIsReproducible()
            => Assert.That(Weights(Fit(Options(new PCGradCombiner()))), Is.EqualTo(Weights(Fit(Options(new PCGradCombiner())))));

        [Test]
        public void MisconfiguredSurgeryIsRefusedClearly()
        {
            var noPrimary = Options(new ProjectionCombiner());
            noPrimary.Tasks = new List<TaskSpec> { TaskSpec.Regression("Price"), TaskSpec.BinaryClassification("IsLuxury") };
            Assert.That(Assert.Catch(() => Fit(noPrimary)).Message, Does.Contain("AsPrimary"));

            var representationPerTask = Options(new SumCombiner());
            representationPerTask.GradientLevel = GradientLevel.Representation;
            representationPerTask.TaskSampling = TaskSampling.PerTask;
            Assert.That(Assert.Catch(() => Fit(representationPerTask)).Message, Does.Contain("Options.GradientLevel"));

            var twoPrimaries = Options(null);
            twoPrimaries.Tasks = new List<TaskSpec> { TaskSpec.Regression("Price").AsPrimary(), TaskSpec.Regression("Opposite").AsPrimary() };
            Assert.That(Assert.Catch(() => Fit(twoPrimaries)).Message, Does.Contain("more than one task as primary"));
        }

        /// <summary>Sums like <see cref="SumCombiner"/> and records (block, K, P) of every call.</summary>
        private sealed class RecordingCombiner : IGradientCombiner
        {
            private readonly SumCombiner sum = new SumCombiner();
            public List<(int, long, long)> Blocks { get; } = new List<(int, long, long)>();

            public void Reset(GradientCombinerContext context) => sum.Reset(context);

            public torch.Tensor Combine(int block, torch.Tensor taskGradients)
            {
                Blocks.Add((block, taskGradients.shape[0], taskGradients.shape[1]));
                return sum.Combine(block, taskGradients);
            }
        }
    }
}
