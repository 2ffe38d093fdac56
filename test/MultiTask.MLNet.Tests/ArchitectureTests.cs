using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    /// <summary>
    /// Every architecture through the whole package: training every task kind, scoring through ONNX in ML.NET equal to the
    /// TorchSharp forward pass and to ONNX Runtime, .zip round trips, reproducibility and warm starts.
    /// </summary>
    public class ArchitectureTests
    {
        // Small instances that read the synthetic houses' 4 features (as a 1 x 2 x 2 image where convolutional).
        private static ConvolutionalTrunk TinyImage() => new ConvolutionalTrunk
        {
            Channels = 1, Height = 2, Width = 2,
            Convolutions = new[]
            {
                new ConvolutionLayer(8) { KernelSize = 2, Padding = 1, PoolSize = 1 },
                new ConvolutionLayer(8) { KernelSize = 2, Padding = 0, PoolSize = 1 },
            },
            HiddenLayers = new[] { 16 },
        };

        public static IEnumerable<TestCaseData> Architectures()
        {
            TestCaseData Case(string name, Func<MultiTaskArchitecture> make) => new TestCaseData(make).SetArgDisplayNames(name);
            yield return Case("HardParameterSharing", () => new HardParameterSharing { HiddenLayers = new[] { 16, 8 } });
            yield return Case("ConvolutionalTrunk", TinyImage);
            yield return Case("MixtureOfExperts", () => new MixtureOfExperts { Experts = 3, ExpertLayers = new[] { 8 } });
            yield return Case("MixtureOfExperts, convolutional experts", () => new MixtureOfExperts { Experts = 2, ExpertNetwork = TinyImage() });
            yield return Case("CustomizedGateControl", () => new CustomizedGateControl { SharedExperts = 2, ExpertsPerTask = 1, ExpertLayers = new[] { 8 } });
            yield return Case("ProgressiveLayeredExtraction", () => new ProgressiveLayeredExtraction { Levels = 2, SharedExperts = 1, ExpertsPerTask = 1, ExpertLayers = new[] { 8 } });
            yield return Case("CrossStitch", () => new CrossStitch { HiddenLayers = new[] { 8, 8 } });
            yield return Case("CrossStitch, convolutional columns", () => new CrossStitch { ColumnNetwork = TinyImage() });
        }

        // The scoring tests' four tasks (a scalar and a vector regression, binary, multiclass), with head layers and dropout.
        private static MultiTaskTrainer.Options FourTasks(MultiTaskArchitecture architecture, int epochs) => new MultiTaskTrainer.Options
        {
            Tasks =
            {
                TaskSpec.Regression("Price"),
                TaskSpec.Regression("Both", name: "Pair"),
                TaskSpec.BinaryClassification("IsLuxury", headHiddenLayers: Array.Empty<int>()),
                TaskSpec.MulticlassClassification("Category"),
            },
            Architecture = architecture,
            HeadHiddenLayers = new[] { 4 },
            Dropout = 0.1f,
            MaxEpochs = epochs,
            Seed = 3,
        };

        [TestCaseSource(nameof(Architectures))]
        public void ScoresEqualTheTorchForwardPassOnnxRuntimeAndTheReloadedZip(Func<MultiTaskArchitecture> architecture)
        {
            var ml = new MLContext(seed: 1);
            var data = SyntheticData.Load(ml, 200, seed: 3);
            var model = ml.MultiTask().Trainers.NeuralNetwork(FourTasks(architecture(), epochs: 3)).Fit(data);
            var scored = model.Transform(data);
            var rows = SyntheticData.Rows(200, 3);
            ScoringParity.MatchesTorchForwardPass(model, scored, rows);

            ScoringParity.MatchesPredictionEngine(ml, model, scored, rows);

            using var onnx = new MemoryStream();
            model.SaveAsOnnx(onnx);
            using (var session = new InferenceSession(onnx.ToArray()))
                ScoringParity.MatchesOnnxRuntime(session, scored, rows);

            using var zip = new MemoryStream();
            ml.Model.Save(model, data.Schema, zip);
            zip.Position = 0;
            // The .zip scores row by row through ML.NET's OnnxTransformer, the trained transformer in batches: equal to float rounding.
            var reloaded = new MLContext().Model.Load(zip, out _).Transform(data);
            foreach (var column in new[] { "Price.Score", "IsLuxury.Probability" })
                Assert.That(reloaded.GetColumn<float>(column).ToArray(), Is.EqualTo(scored.GetColumn<float>(column).ToArray()).Within(1e-5), column);
            Assert.That(reloaded.GetColumn<float[]>("Category.Score").SelectMany(v => v).ToArray(),
                Is.EqualTo(scored.GetColumn<float[]>("Category.Score").SelectMany(v => v).ToArray()).Within(1e-5));
            Assert.That(reloaded.GetColumn<uint>("Category.PredictedLabel").ToArray(), Is.EqualTo(scored.GetColumn<uint>("Category.PredictedLabel").ToArray()));

            zip.Position = 0;
            ScoringParity.MatchesPredictionEngine(ml, ml.MultiTask().Load(zip, out _), scored, rows);

            zip.Position = 0;
            var parameters = MultiTaskModelParameters.Load(zip);
            Assert.That(parameters.Architecture.ToString(), Is.EqualTo(model.Model.Architecture.ToString()));
            Assert.That(StateValues.Of(parameters.Weights), Is.EqualTo(StateValues.All(model)));
        }

        [TestCaseSource(nameof(Architectures))]
        public void EveryTaskBeatsAConstantPredictor(Func<MultiTaskArchitecture> architecture)
        {
            var ml = new MLContext(seed: 1);
            var options = TrainerTests.AllKinds(epochs: 25);
            options.Architecture = architecture();
            var model = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(SyntheticData.Load(ml, 800, seed: 1));
            var metrics = ml.MultiTask().Evaluate(model.Transform(SyntheticData.Load(ml, 400, seed: 2)), model);

            var prices = SyntheticData.Rows(400, 2).Select(r => (double)r.Price).ToArray();
            double constantMse = prices.Select(p => Math.Pow(p - prices.Average(), 2)).Average();
            Assert.That(metrics["Price"].Regression.MeanSquaredError, Is.LessThan(0.3 * constantMse));
            Assert.That(metrics["IsLuxury"].BinaryClassification.AreaUnderRocCurve, Is.GreaterThan(0.9));
            Assert.That(metrics["Category"].MulticlassClassification.MicroAccuracy, Is.GreaterThan(0.75));
        }

        [TestCaseSource(nameof(Architectures))]
        public void SameSeedSameModelAnotherSeedAnotherModel(Func<MultiTaskArchitecture> architecture)
        {
            float[] Train(int seed)
            {
                var ml = new MLContext(seed: 5);
                var options = FourTasks(architecture(), epochs: 2);
                options.Seed = seed;
                return StateValues.All(ml.MultiTask().Trainers.NeuralNetwork(options).Fit(SyntheticData.Load(ml, 100, seed: 4)));
            }
            var first = Train(11);
            Assert.That(Train(11), Is.EqualTo(first));
            Assert.That(Train(12), Is.Not.EqualTo(first));
        }

        [Test]
        public void WarmStartContinuesTheSameArchitectureAndRefusesAnotherNamingBoth()
        {
            var ml = new MLContext(seed: 1);
            var data = SyntheticData.Load(ml, 200, seed: 1);
            var mixture = new MixtureOfExperts { Experts = 2, ExpertLayers = new[] { 8 } };
            var training = FourTasks(mixture, epochs: 30);
            training.LearningRate = 3e-3;
            var first = ml.MultiTask().Trainers.NeuralNetwork(training).Fit(data);
            var second = ml.MultiTask().Trainers.NeuralNetwork(FourTasks(mixture, epochs: 1)).Fit(data, first.Model);
            var fresh = ml.MultiTask().Trainers.NeuralNetwork(FourTasks(mixture, epochs: 1)).Fit(data);
            double Loss(MultiTaskTransformer m) => m.TrainingHistory.Epochs[0].WeightedTrainingLoss;
            Assert.That(Loss(second), Is.LessThan(0.8 * Loss(fresh)), $"the warm start ({Loss(second)}) begins where the first model ended ({first.TrainingHistory.Epochs.Last().WeightedTrainingLoss}), not afresh ({Loss(fresh)})");

            var other = FourTasks(new MixtureOfExperts { Experts = 3, ExpertLayers = new[] { 8 } }, epochs: 1);
            var error = Assert.Throws<InvalidOperationException>(() => ml.MultiTask().Trainers.NeuralNetwork(other).Fit(data, first.Model));
            Assert.That(error.Message, Does.Contain("\"Experts\":2").And.Contain("\"Experts\":3"));
            var hard = FourTasks(null, epochs: 1);
            error = Assert.Throws<InvalidOperationException>(() => ml.MultiTask().Trainers.NeuralNetwork(hard).Fit(data, first.Model));
            Assert.That(error.Message, Does.Contain("MixtureOfExperts").And.Contain("HardParameterSharing"));
        }

        [Test]
        public void ChangingTheArchitectureAfterCreatingTheTrainerDoesNotReachIt()
        {
            var ml = new MLContext(seed: 1);
            var mixture = new MixtureOfExperts { Experts = 2, ExpertLayers = new[] { 8 } };
            var trainer = ml.MultiTask().Trainers.NeuralNetwork(FourTasks(mixture, epochs: 1));
            mixture.Experts = 0;
            mixture.ExpertLayers = null;
            var model = trainer.Fit(SyntheticData.Load(ml, 60, seed: 1));
            Assert.That(((MixtureOfExperts)model.Model.Architecture).Experts, Is.EqualTo(2));
        }

        [Test]
        public void EstimatorSchemaOfAConvolutionalTrunkAgreesWithTheModel()
        {
            var ml = new MLContext(seed: 1);
            var data = SyntheticData.Load(ml, 60, seed: 1);
            var trainer = ml.MultiTask().Trainers.NeuralNetwork(FourTasks(TinyImage(), epochs: 1));
            var fromEstimator = trainer.GetOutputSchema(MultiTask.MLNet.Scoring.SchemaShapeConversion.FromSchema(data.Schema));
            var actual = trainer.Fit(data).Transform(data).Schema;
            Assert.That(fromEstimator.Select(c => c.Name), Is.EqualTo(actual.Where(c => !c.IsHidden).Select(c => c.Name)));
        }

        [Test]
        public void FeatureVectorOfAnotherSizeThanTheImageIsRefusedNamingTheOptions()
        {
            var ml = new MLContext(seed: 1);
            var image = TinyImage();
            image.Height = 3;
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MultiTask().Trainers.NeuralNetwork(FourTasks(image, epochs: 1)).Fit(SyntheticData.Load(ml, 30, seed: 1)));
            Assert.That(error.Message, Does.Contain("ConvolutionalTrunk.Channels").And.Contain("1 x 3 x 2 image (6 values)").And.Contain("has 4 values"));
        }
    }
}
