using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using MultiTask.MLNet.Export;
using MultiTask.MLNet.Onnx;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    /// <summary>
    /// Issue 10, never a silently wrong model: a saved model whose bytes changed, or whose description no longer matches
    /// its graph, is refused by <see cref="MultiTaskModelParameters.Load(string)"/>; an untouched one loads everywhere.
    /// </summary>
    public class ModelIntegrityTests
    {
        // The hash entry as the writer appends it: tag of ModelProto field 14, length 84, key (2 + 16 bytes), value (2 + 64 bytes).
        private const int HashEntryLength = 86;

        private MLContext ml;
        private IDataView data;
        private MultiTaskTransformer model;
        private string folder, zip, onnx;

        [OneTimeSetUp]
        public void TrainOnce()
        {
            ml = new MLContext(seed: 1);
            data = SyntheticData.Load(ml, 120, seed: 3);
            var options = TrainerTests.AllKinds(epochs: 2);
            options.Tasks.Insert(1, TaskSpec.Regression("Both", name: "Pair"));
            options.HiddenLayers = new[] { 8 };
            model = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(data);
            folder = Path.Combine(Path.GetTempPath(), "mt-integrity-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            zip = Path.Combine(folder, "model.zip");
            onnx = Path.Combine(folder, "model.onnx");
            ml.Model.Save(model, data.Schema, zip);
            model.SaveAsOnnx(onnx);
        }

        [OneTimeTearDown]
        public void TearDown() => Directory.Delete(folder, recursive: true);

        [Test]
        public void UntouchedModelsEndWithTheHashOfTheirBytesAndStillLoadInMLNetAndOnnxRuntime()
        {
            var zipOnnx = TamperedModels.ReadZipOnnx(zip);
            Assert.That(StoredHash(zipOnnx), Is.EqualTo(HashBeforeEntry(zipOnnx)), "the row-form graph in the .zip");
            var standalone = File.ReadAllBytes(onnx);
            Assert.That(StoredHash(standalone), Is.EqualTo(HashBeforeEntry(standalone)), "the batched graph of SaveAsOnnx");

            var loaded = new MLContext().Model.Load(zip, out _);
            Assert.That(loaded.Transform(data).GetColumn<float[]>("Category.Score").SelectMany(v => v),
                Is.EqualTo(model.Transform(data).GetColumn<float[]>("Category.Score").SelectMany(v => v)).Within(1e-6), "ML.NET's OnnxTransformer accepts the appended entry");
            using var session = new InferenceSession(standalone);
            Assert.That(session.ModelMetadata.CustomMetadataMap[ModelHash.Key], Is.EqualTo(HashBeforeEntry(standalone)), "ONNX Runtime reads it as metadata");
            Assert.That(MultiTaskModelParameters.Load(zip).Tasks.Select(t => t.Name), Is.EqualTo(new[] { "Price", "Pair", "IsLuxury", "Category" }));
            Assert.That(MultiTaskModelParameters.Load(onnx).FeatureSize, Is.EqualTo(4));

            string resaved = Path.Combine(folder, "resaved.zip");
            ml.Model.Save(loaded, data.Schema, resaved);
            Assert.That(TamperedModels.ReadZipOnnx(resaved), Is.EqualTo(zipOnnx), "ML.NET saves the graph it loaded byte for byte");
            Assert.That(MultiTaskModelParameters.Load(resaved).FeatureSize, Is.EqualTo(4));
        }

        [Test]
        public void FlippedWeightByteInsideTheZipIsRefusedThoughMLNetScoresIt()
        {
            var original = TamperedModels.ReadZipOnnx(zip);
            var flipped = TamperedModels.FlipWeightByte(original);
            string damaged = TamperedModels.WriteZipOnnx(zip, Path.Combine(folder, "flipped.zip"), flipped);

            var scored = new MLContext().Model.Load(damaged, out _).Transform(data).GetColumn<float>("Price.Score").ToArray();
            Assert.That(scored, Is.Not.EqualTo(model.Transform(data).GetColumn<float>("Price.Score").ToArray()), "ML.NET loads the damaged .zip and scores differently");
            AssertHashMismatch(damaged, StoredHash(original), HashBeforeEntry(flipped));
        }

        [Test]
        public void FlippedWeightByteInAStandaloneOnnxFileIsRefused()
        {
            var original = File.ReadAllBytes(onnx);
            var flipped = TamperedModels.FlipWeightByte(original);
            string damaged = Path.Combine(folder, "flipped.onnx");
            File.WriteAllBytes(damaged, flipped);
            AssertHashMismatch(damaged, StoredHash(original), HashBeforeEntry(flipped));
        }

        // Edits whose hash is recomputed: only the check of the graph's declared shapes against the description can refuse
        // them. Each names what the graph declares and what the edited description says instead.
        [TestCase(true, "OneMoreClass", "Category.Score Float[3]", "Category.Score Float[4]")]
        [TestCase(false, "OneMoreClass", "Category.Score Float[N, 3]", "Category.Score Float[N, 4]")]
        [TestCase(true, "OtherFeatureSize", "Features Float[4]", "Features Float[5]")]
        [TestCase(false, "OtherFeatureSize", "Features Float[N, 4]", "Features Float[N, 5]")]
        [TestCase(true, "BinaryMadeRegression", "IsLuxury.Probability#slot Float[1]", "IsLuxury (Regression")]
        [TestCase(false, "BinaryMadeRegression", "IsLuxury.Probability Float[N]", "IsLuxury (Regression")]
        public void EditedDescriptionWithARecomputedHashIsRefusedShowingBothDescriptions(bool inZip, string edit, string declared, string described)
        {
            string path = Tampered(inZip, "edited", bytes => TamperedModels.EditDescription(bytes, d => Edit(d, edit)));
            var error = Assert.Throws<InvalidOperationException>(() => MultiTaskModelParameters.Load(path));
            Assert.That(error.Message, Does.Contain($"Model file '{path}'").And.Contain("does not match its MultiTask.MLNet description"));
            int split = error.Message.IndexOf("The description (", StringComparison.Ordinal);
            Assert.That(split, Is.GreaterThan(0), error.Message);
            Assert.That(error.Message.Substring(0, split), Does.Contain(declared), "what the graph declares");
            Assert.That(error.Message.Substring(split), Does.Contain(described).And.Not.Contain(declared), "what the description says");
        }

        [TestCase(true)]
        [TestCase(false)]
        public void HashedFormatModelWithoutItsHashIsRefused(bool inZip)
        {
            string path = Tampered(inZip, "unhashed", TamperedModels.WithoutLastField);
            var error = Assert.Throws<InvalidOperationException>(() => MultiTaskModelParameters.Load(path));
            Assert.That(error.Message, Does.Contain($"Model file '{path}' is damaged or was edited").And.Contain($"format {ModelDescription.CurrentFormat}")
                .And.Contain($"SHA-256 entry '{ModelHash.Key}', but it has none"));
        }

        [Test]
        public void BytesAfterTheHashAreRefused()
        {
            string path = Tampered(false, "appended", bytes => TamperedModels.WithMetadataAppended(bytes, "note", "added later"));
            Assert.That(Assert.Throws<InvalidOperationException>(() => MultiTaskModelParameters.Load(path)).Message,
                Does.Contain($"Model file '{path}'").And.Contain("has bytes after its SHA-256 entry"));
        }

        // Written by MultiTask.MLNet before the hash (format 1, commit dab61c0): they load unchecked, as before.
        [TestCase("format1.zip")]
        [TestCase("format1.onnx")]
        public void ModelsWrittenBeforeTheHashStillLoad(string name)
        {
            string path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", name);
            string text = Encoding.UTF8.GetString(name.EndsWith(".zip") ? TamperedModels.ReadZipOnnx(path) : File.ReadAllBytes(path));
            Assume.That(text, Does.Contain("\"Format\":1").And.Not.Contain(ModelHash.Key), "the fixture predates the hash");

            var loaded = MultiTaskModelParameters.Load(path);
            Assert.That(loaded.Tasks.Select(t => t.Name), Is.EqualTo(new[] { "Price", "Pair", "IsLuxury", "Category" }));
            Assert.That(loaded.FeatureSize, Is.EqualTo(4));
        }

        private static void Edit(ModelDescription description, string edit)
        {
            switch (edit)
            {
                case "OneMoreClass":
                    var category = description.Tasks.Single(t => t.Name == "Category");
                    category.Outputs++;
                    category.Classes = category.Classes.Append("castle").ToArray();
                    break;
                case "OtherFeatureSize":
                    description.FeatureSize++;
                    break;
                case "BinaryMadeRegression":
                    description.Tasks.Single(t => t.Name == "IsLuxury").Kind = "Regression";
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(edit), edit, null);
            }
        }

        // The saved .zip or .onnx with its ONNX bytes changed by change, written to a new file.
        private string Tampered(bool inZip, string name, Func<byte[], byte[]> change)
        {
            string path = Path.Combine(folder, name + (inZip ? ".zip" : ".onnx"));
            if (inZip)
                TamperedModels.WriteZipOnnx(zip, path, change(TamperedModels.ReadZipOnnx(zip)));
            else
                File.WriteAllBytes(path, change(File.ReadAllBytes(onnx)));
            return path;
        }

        private static void AssertHashMismatch(string path, string stored, string computed)
        {
            var error = Assert.Throws<InvalidOperationException>(() => MultiTaskModelParameters.Load(path));
            Assert.That(error.Message, Does.Contain($"Model file '{path}' is damaged").And.Contain($"SHA-256 stored in its ONNX graph is {stored}")
                .And.Contain($"hash to {computed}"));
        }

        // The value of the hash entry: the model's last 64 bytes, lowercase hex.
        private static string StoredHash(byte[] onnxBytes) => Encoding.ASCII.GetString(onnxBytes, onnxBytes.Length - 64, 64);

        // SHA-256 of the bytes before the hash entry, computed here without the package.
        private static string HashBeforeEntry(byte[] onnxBytes)
            => Convert.ToHexStringLower(SHA256.HashData(onnxBytes.AsSpan(0, onnxBytes.Length - HashEntryLength)));
    }
}
