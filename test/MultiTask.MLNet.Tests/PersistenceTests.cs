using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    public class PersistenceTests
    {
        private MLContext ml;
        private IDataView raw;
        private string folder;

        [SetUp]
        public void Setup()
        {
            ml = new MLContext(seed: 1);
            raw = ml.Data.LoadFromEnumerable(SyntheticData.Rows(200, 8));
            folder = Path.Combine(Path.GetTempPath(), "mt-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
        }

        [TearDown]
        public void TearDown() => Directory.Delete(folder, recursive: true);

        private static MultiTaskTrainer.Options Options(Activation activation = Activation.ReLU, int epochs = 3) => new MultiTaskTrainer.Options
        {
            Tasks =
            {
                TaskSpec.Regression("Price"),
                TaskSpec.Regression("Both", name: "Pair", headHiddenLayers: new[] { 3 }),
                TaskSpec.BinaryClassification("IsLuxury"),
                TaskSpec.MulticlassClassification("Category"),
            },
            HiddenLayers = new[] { 12, 6 },
            HeadHiddenLayers = new[] { 5 },
            Activation = activation,
            Dropout = 0.1f,
            MaxEpochs = epochs,
            Seed = 2,
        };

        private IEstimator<ITransformer> Pipeline(MultiTaskTrainer.Options options)
            => ml.Transforms.Conversion.MapValueToKey("Category")
                .Append(ml.MultiTask().Trainers.NeuralNetwork(options))
                .Append(ml.Transforms.Conversion.MapKeyToValue("CategoryName", "Category.PredictedLabel"));

        [TestCase(Activation.ReLU)]
        [TestCase(Activation.Tanh)]
        [TestCase(Activation.Sigmoid)]
        [TestCase(Activation.LeakyReLU)]
        public void StreamRoundTripScoresIdenticallyForEveryTaskKind(Activation activation)
        {
            var model = Pipeline(Options(activation)).Fit(raw);
            var stream = new MemoryStream();
            ml.Model.Save(model, raw.Schema, stream);
            stream.Position = 0;
            var loaded = new MLContext().Model.Load(stream, out _);

            var before = model.Transform(raw);
            var after = loaded.Transform(raw);
            foreach (var column in new[] { "Price.Score", "IsLuxury.Score", "IsLuxury.Probability" })
                Assert.That(after.GetColumn<float>(column).ToArray(), Is.EqualTo(before.GetColumn<float>(column).ToArray()).Within(1e-6), column);
            foreach (var column in new[] { "Pair.Score", "Category.Score" })
                Assert.That(after.GetColumn<float[]>(column).SelectMany(v => v).ToArray(), Is.EqualTo(before.GetColumn<float[]>(column).SelectMany(v => v).ToArray()).Within(1e-6), column);
            Assert.That(after.GetColumn<bool>("IsLuxury.PredictedLabel").ToArray(), Is.EqualTo(before.GetColumn<bool>("IsLuxury.PredictedLabel").ToArray()));
            var names = after.GetColumn<string>("CategoryName").ToArray();
            Assert.That(names, Is.EqualTo(before.GetColumn<string>("CategoryName").ToArray()));
            Assert.That(names.Distinct(), Is.SubsetOf(SyntheticData.Categories), "MapKeyToValue after the trainer gives the class names back");

            var engine = ml.Model.CreatePredictionEngine<HouseRow, ScoringTests.HousePrediction>(loaded);
            var first = SyntheticData.Rows(1, 8)[0];
            Assert.That(engine.Predict(first).Price, Is.EqualTo(before.GetColumn<float>("Price.Score").First()).Within(1e-6));
        }

        [Test]
        public void ConsumeOnlyProcessScoresTheZipWithoutTorchSharp()
        {
            var model = Pipeline(Options()).Fit(raw);
            string zip = Path.Combine(folder, "model.zip"), input = Path.Combine(folder, "in.csv"), output = Path.Combine(folder, "out.csv");
            ml.Model.Save(model, raw.Schema, zip);
            var rows = SyntheticData.Rows(20, 9);
            File.WriteAllLines(input, new[] { "header" }.Concat(rows.Select(r => string.Join(",",
                r.Features.Select(Invariant).Concat(new[] { Invariant(r.Price), r.IsLuxury ? "1" : "0", r.Category }).Concat(r.Both.Select(Invariant)).Append(Invariant(r.Weight))))));

            Assert.That(Directory.GetFiles(Path.GetDirectoryName(SampleProcess.Dll("ConsumeOnly")), "*orch*"), Is.Empty, "the consumer app ships no TorchSharp");
            var (exitCode, _, errors) = SampleProcess.Run("ConsumeOnly", $"\"{zip}\" \"{input}\" \"{output}\"", timeoutSeconds: 120);
            Assert.That(exitCode, Is.EqualTo(0), errors);

            var lines = File.ReadAllLines(output);
            var header = lines[0].Split(',').ToList();
            var expected = model.Transform(ml.Data.LoadFromEnumerable(rows));
            var price = expected.GetColumn<float>("Price.Score").ToArray();
            var names = expected.GetColumn<string>("CategoryName").ToArray();
            for (int i = 0; i < rows.Count; i++)
            {
                var fields = lines[i + 1].Split(',');
                Assert.That(float.Parse(fields[header.IndexOf("Price.Score")], CultureInfo.InvariantCulture), Is.EqualTo(price[i]).Within(1e-6));
                Assert.That(fields[header.IndexOf("Category.PredictedLabel")], Is.EqualTo(names[i]));
            }
        }

        [Test]
        public void ExportedOnnxRunsInOnnxRuntimeWithTheSameOutputs()
        {
            var data = SyntheticData.Load(ml, 120, seed: 4);
            var model = ml.MultiTask().Trainers.NeuralNetwork(Options()).Fit(data);
            var onnx = new MemoryStream();
            model.SaveAsOnnx(onnx);
            var rows = SyntheticData.Rows(120, 4);
            var scored = model.Transform(data);

            using var session = new InferenceSession(onnx.ToArray());
            ScoringParity.MatchesOnnxRuntime(session, scored, rows);

            var metadata = session.ModelMetadata.CustomMetadataMap;
            Assert.That(metadata["multitask.feature_size"], Is.EqualTo("4"));
            Assert.That(metadata["multitask.tasks"], Is.EqualTo("Price:Regression;Pair:Regression;IsLuxury:BinaryClassification;Category:MulticlassClassification"));
            Assert.That(metadata["multitask.classes.Category"], Is.EqualTo("flat\nhouse\nvilla"));
            Assert.That(metadata["multitask.version"], Is.Not.Empty);
        }

        [TestCase(true)]
        [TestCase(false)]
        public void WarmStartContinuesFromTheSavedWeights(bool fromZip)
        {
            var data = SyntheticData.Load(ml, 300, seed: 5);
            var options = Options(epochs: 40);
            options.Dropout = 0;
            options.LearningRate = 3e-3;
            var first = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(data);
            string path = Path.Combine(folder, fromZip ? "model.zip" : "model.onnx");
            if (fromZip)
                ml.Model.Save(first, data.Schema, path);
            else
                first.SaveAsOnnx(path);

            var initial = MultiTaskModelParameters.Load(path);
            Assert.That(initial.Tasks.Select(t => t.Name), Is.EqualTo(new[] { "Price", "Pair", "IsLuxury", "Category" }));
            options.MaxEpochs = 1;
            options.LearningRate = 1e-4;
            var resumed = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(data, initial);
            var fresh = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(data);

            double last = first.TrainingHistory.Epochs.Last().WeightedTrainingLoss;
            double resumedLoss = resumed.TrainingHistory.Epochs[0].WeightedTrainingLoss;
            double freshLoss = fresh.TrainingHistory.Epochs[0].WeightedTrainingLoss;
            Assert.That(Math.Abs(resumedLoss - last), Is.LessThan(0.2 * last), $"resumed {resumedLoss}, last {last}");
            Assert.That(freshLoss, Is.GreaterThan(2 * resumedLoss), $"fresh {freshLoss}, resumed {resumedLoss}");
        }

        [Test]
        public void WarmStartFromAnotherShapeIsRefused()
        {
            var data = SyntheticData.Load(ml, 50, seed: 5);
            var model = ml.MultiTask().Trainers.NeuralNetwork(Options(epochs: 1)).Fit(data);
            var options = Options(epochs: 1);
            options.HiddenLayers = new[] { 12, 7 };
            var error = Assert.Catch(() => ml.MultiTask().Trainers.NeuralNetwork(options).Fit(data, model.Model));
            Assert.That(error.Message, Does.Contain("does not fit").And.Contain("\"HiddenLayers\":[12,6]").And.Contain("\"HiddenLayers\":[12,7]"));
        }

        [Test]
        public void DamagedOrForeignFilesGiveClearErrors()
        {
            var data = SyntheticData.Load(ml, 50, seed: 5);
            var model = ml.MultiTask().Trainers.NeuralNetwork(Options(epochs: 1)).Fit(data);
            string zip = Path.Combine(folder, "model.zip");
            ml.Model.Save(model, data.Schema, zip);
            var bytes = File.ReadAllBytes(zip);

            string truncated = Write("truncated.zip", bytes.Take(bytes.Length / 2).ToArray());
            Assert.That(Assert.Catch(() => MultiTaskModelParameters.Load(truncated)).Message, Does.Contain("damaged or truncated .zip"));
            Assert.That(Assert.Catch(() => new MLContext().Model.Load(truncated, out _)), Is.Not.Null, "ML.NET refuses it too, with a managed exception");

            string garbage = Write("garbage.onnx", Enumerable.Repeat((byte)0xFF, 64).ToArray());
            Assert.That(Assert.Catch(() => MultiTaskModelParameters.Load(garbage)).Message, Does.Contain("is not a readable ONNX model"));

            string empty = Write("empty.onnx", Array.Empty<byte>());
            Assert.That(Assert.Catch(() => MultiTaskModelParameters.Load(empty)).Message, Does.Contain("is empty"));

            var other = ml.Regression.Trainers.Sdca("Price", maximumNumberOfIterations: 2).Fit(data);
            string foreign = Path.Combine(folder, "sdca.zip");
            ml.Model.Save(other, data.Schema, foreign);
            Assert.That(Assert.Catch(() => MultiTaskModelParameters.Load(foreign)).Message, Does.Contain("without a MultiTask.MLNet network"));

            Assert.Throws<FileNotFoundException>(() => MultiTaskModelParameters.Load(Path.Combine(folder, "missing.zip")));
        }

        [Test]
        public void LoadedModelRefusesAnotherInputSchema()
        {
            var data = SyntheticData.Load(ml, 50, seed: 5);
            var model = ml.MultiTask().Trainers.NeuralNetwork(Options(epochs: 1)).Fit(data);
            var stream = new MemoryStream();
            ml.Model.Save(model, data.Schema, stream);
            stream.Position = 0;
            var loaded = new MLContext().Model.Load(stream, out _);

            var wide = ml.Data.LoadFromEnumerable(new[] { new WideRow { Features = new float[8] } });
            Assert.That(Assert.Catch(() => loaded.Transform(wide)).Message, Does.Contain("feature column 'Features'").And.Contain("Vector<Single, 4>"));
            var none = ml.Data.LoadFromEnumerable(new[] { new NoFeatures() });
            Assert.That(Assert.Catch(() => loaded.Transform(none)).Message, Does.Contain("'Features'"));
        }

        private string Write(string name, byte[] bytes)
        {
            string path = Path.Combine(folder, name);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        private static string Invariant(float value) => value.ToString("R", CultureInfo.InvariantCulture);

        private sealed class WideRow
        {
            [VectorType(8)] public float[] Features { get; set; }
        }

        private sealed class NoFeatures
        {
            public float Price { get; set; }
        }
    }
}
