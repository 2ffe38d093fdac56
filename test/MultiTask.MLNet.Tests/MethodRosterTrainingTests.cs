using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet.Gradients;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    /// <summary>
    /// Every method of the roster trains the seed-000 network (250 inputs, four shared layers of 100, two linear heads
    /// of 100 outputs; a primary and a similar auxiliary task, y = tanh(x B)) at both gradient levels: finite losses
    /// that fall, the weights it applied in the history, and the same model for the same seed.
    /// </summary>
    public class MethodRosterTrainingTests
    {
        private sealed class Row
        {
            [VectorType(250)] public float[] Features { get; set; }
            [VectorType(100)] public float[] Primary { get; set; }
            [VectorType(100)] public float[] Auxiliary { get; set; }
        }

        private static readonly Lazy<List<Row>> Rows = new Lazy<List<Row>>(() =>
        {
            var random = new Random(0);
            double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var b = new double[250, 100];
            var similar = new double[250, 100];
            for (int i = 0; i < 250; i++)
                for (int j = 0; j < 100; j++)
                {
                    b[i, j] = 10 * Normal();
                    similar[i, j] = b[i, j] + 3.5 * Normal();
                }
            float[] Labels(double[] x, double[,] m) => Enumerable.Range(0, 100)
                .Select(j => (float)Math.Tanh(Enumerable.Range(0, 250).Sum(i => x[i] * m[i, j]) / 250)).ToArray();
            return Enumerable.Range(0, 200).Select(_ =>
            {
                var x = Enumerable.Range(0, 250).Select(_ => random.NextDouble()).ToArray();
                return new Row { Features = x.Select(v => (float)v).ToArray(), Primary = Labels(x, b), Auxiliary = Labels(x, similar) };
            }).ToList();
        });

        public static IEnumerable<TestCaseData> Methods()
        {
            var methods = new (string, Func<IGradientCombiner>)[]
            {
                ("MGDA", () => new MgdaCombiner()), ("CAGrad", () => new CAGradCombiner()), ("IMTL-G", () => new ImtlGCombiner()),
                ("Aligned-MTL", () => new AlignedMtlCombiner()), ("UPGrad", () => new UPGradCombiner()), ("DualProj", () => new DualProjCombiner()),
                ("ConFIG", () => new ConFIGCombiner()), ("Nash-MTL", () => new NashMtlCombiner()), ("FairGrad", () => new FairGradCombiner()),
                ("GradVac", () => new GradVacCombiner()), ("GradDrop", () => new GradDropCombiner()),
                ("DB-MTL", () => new DbMtlCombiner()), ("MoCo", () => new MoCoCombiner()),
            };
            foreach (var (name, make) in methods)
                foreach (var level in new[] { GradientLevel.Parameters, GradientLevel.Representation })
                    yield return new TestCaseData(make, level).SetArgDisplayNames(name, level.ToString());
        }

        public static IEnumerable<TestCaseData> Weightings()
        {
            var weightings = new (string, Func<ILossWeighting>)[]
            {
                ("DWA", () => new DwaWeighting()), ("UW", () => new UncertaintyWeighting()), ("RLW", () => new RandomLossWeighting()),
                ("IMTL-L", () => new ImtlLWeighting()), ("STCH", () => new StchWeighting(warmupEpochs: 0)), ("FAMO", () => new FamoWeighting()),
                ("ExcessMTL", () => new ExcessMtlWeighting()),
            };
            foreach (var (name, make) in weightings)
            {
                yield return new TestCaseData(make, null).SetArgDisplayNames(name, "joint");
                yield return new TestCaseData(make, (Func<IGradientCombiner>)(() => new ImtlGCombiner())).SetArgDisplayNames(name, "with IMTL-G");
            }
        }

        [TestCaseSource(nameof(Weightings))]
        public void WeightingsTrainWithoutNaNAndAreReproducible(Func<ILossWeighting> weighting, Func<IGradientCombiner> combiner)
        {
            MultiTaskTransformer Train() => Fit(combiner?.Invoke(), GradientLevel.Parameters, weighting: weighting());
            var model = Train();
            var epochs = model.TrainingHistory.Epochs;
            Assert.That(epochs.SelectMany(e => e.TrainingLoss.Values).All(double.IsFinite), Is.True);
            Assert.That(epochs.Last().WeightedTrainingLoss, Is.LessThan(epochs.First().WeightedTrainingLoss),
                string.Join(", ", epochs.Select(e => e.WeightedTrainingLoss)));
            Assert.That(epochs.Select(e => e.TaskWeights["Primary"]).Distinct().Count(), Is.GreaterThan(1), "the weights changed over the epochs");
            Assert.That(StateValues.All(Train()), Is.EqualTo(StateValues.All(model)));
        }

        private static MultiTaskTransformer Fit(IGradientCombiner combiner, GradientLevel level, int epochs = 3, ILossWeighting weighting = null)
        {
            var ml = new MLContext(seed: 1);
            var options = new MultiTaskTrainer.Options
            {
                Tasks = { TaskSpec.Regression("Primary", headHiddenLayers: Array.Empty<int>()), TaskSpec.Regression("Auxiliary", headHiddenLayers: Array.Empty<int>()) },
                HiddenLayers = new[] { 100, 100, 100, 100 },
                BatchSize = 50,
                MaxEpochs = epochs,
                Seed = 5,
                GradientCombiner = combiner,
                GradientLevel = level,
                LossWeighting = weighting,
                GradientScope = GradientScope.WholeVector,
            };
            return ml.MultiTask().Trainers.NeuralNetwork(options).Fit(ml.Data.LoadFromEnumerable(Rows.Value));
        }

        [TestCaseSource(nameof(Methods))]
        public void TrainsWithoutNaNRecordsItsWeightsAndIsReproducible(Func<IGradientCombiner> method, GradientLevel level)
        {
            var model = Fit(method(), level);
            var epochs = model.TrainingHistory.Epochs;
            Assert.That(epochs.SelectMany(e => e.TrainingLoss.Values).All(double.IsFinite), Is.True);
            Assert.That(epochs.Last().WeightedTrainingLoss, Is.LessThan(epochs.First().WeightedTrainingLoss),
                string.Join(", ", epochs.Select(e => e.WeightedTrainingLoss)));
            if (method() is GramWeightingCombiner or MoCoCombiner)
                Assert.That(epochs.All(e => e.CombinerWeights != null && e.CombinerWeights.Count == 2 && e.CombinerWeights.Values.All(double.IsFinite)));
            Assert.That(epochs.All(e => e.UpdateCosines != null));
            Assert.That(StateValues.All(Fit(method(), level)), Is.EqualTo(StateValues.All(model)));
        }

        [TestCase(GradientLevel.Parameters)]
        [TestCase(GradientLevel.Representation)]
        public void MgdaNeverConflictsWithATaskInTheHistory(GradientLevel level)
        {
            // MGDA's update d satisfies g_k . d >= |d|^2 >= 0 for every task, so every recorded cosine is >= 0 (to rounding).
            var epochs = Fit(new MgdaCombiner(), level).TrainingHistory.Epochs;
            Assert.That(epochs.SelectMany(e => e.UpdateCosines.Values), Is.All.GreaterThanOrEqualTo(-1e-4));
        }

        [Test]
        public void SumRecordsCosinesButNoWeights()
        {
            var epochs = Fit(new SumCombiner(), GradientLevel.Representation, epochs: 1).TrainingHistory.Epochs;
            Assert.That(epochs[0].CombinerWeights, Is.Null);
            Assert.That(epochs[0].UpdateCosines.Keys, Is.EquivalentTo(new[] { "Primary", "Auxiliary" }));
            Assert.That(epochs[0].UpdateCosines.Values, Is.All.Not.NaN, "every task's gradient was measured");
        }

        [Test]
        public void AMethodThatNeedsTheRepresentationLevelIsRefusedAtParameterLevel()
        {
            var options = new MultiTaskTrainer.Options
            {
                Tasks = { TaskSpec.Regression("Primary"), TaskSpec.Regression("Auxiliary") },
                GradientCombiner = new RepresentationOnly(),
            };
            var error = Assert.Catch(() => new MLContext().MultiTask().Trainers.NeuralNetwork(options));
            Assert.That(error.Message, Does.Contain("Options.GradientLevel").And.Contain("RepresentationOnly").And.Contain("Representation"));
            options.GradientLevel = GradientLevel.Representation;
            Assert.DoesNotThrow(() => new MLContext().MultiTask().Trainers.NeuralNetwork(options));
        }

        private sealed class RepresentationOnly : IGradientCombiner
        {
            public CombinerRequirements Requirements => CombinerRequirements.RepresentationLevel;
            public void Reset(GradientCombinerContext context) { }
            public TorchSharp.torch.Tensor Combine(int block, TorchSharp.torch.Tensor taskGradients) => taskGradients.sum(dim: 0);
        }
    }
}
