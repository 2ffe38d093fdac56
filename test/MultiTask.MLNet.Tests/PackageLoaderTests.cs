using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    /// <summary><c>ml.MultiTask().Load</c>: the saved chain with its multi-task transformer restored.</summary>
    public class PackageLoaderTests
    {
        private static readonly MultiTaskTrainer.Options Options = new MultiTaskTrainer.Options
        {
            Tasks = { TaskSpec.Regression("Price"), TaskSpec.BinaryClassification("IsLuxury"), TaskSpec.MulticlassClassification("Category") },
            HiddenLayers = new[] { 8 },
            MaxEpochs = 2,
            Seed = 4,
        };

        private static (MLContext Ml, IDataView Data, TransformerChain<Microsoft.ML.Transforms.KeyToValueMappingTransformer> Model, MemoryStream Saved) Trained()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(SyntheticData.Rows(150, 3));
            var model = ml.Transforms.Conversion.MapValueToKey("Category")
                .Append(ml.MultiTask().Trainers.NeuralNetwork(Options))
                .Append(ml.Transforms.Conversion.MapKeyToValue("CategoryName", "Category.PredictedLabel"))
                .Fit(data);
            var saved = new MemoryStream();
            ml.Model.Save(model, data.Schema, saved);
            saved.Position = 0;
            return (ml, data, model, saved);
        }

        [Test]
        public void RestoresTheTransformerInsideThePipelineAndScoresAsBefore()
        {
            var (ml, data, model, saved) = Trained();
            var loaded = new MLContext().MultiTask().Load(saved, out var schema);
            Assert.That(schema.Select(c => c.Name), Is.EqualTo(data.Schema.Select(c => c.Name)));

            var chain = (TransformerChain<ITransformer>)loaded;
            var restored = chain.OfType<MultiTaskTransformer>().Single();
            var original = model.OfType<MultiTaskTransformer>().Single();
            Assert.That(restored.Tasks.Select(t => (t.Name, t.Kind)), Is.EqualTo(original.Tasks.Select(t => (t.Name, t.Kind))));
            Assert.That(restored.FeatureSize, Is.EqualTo(original.FeatureSize));
            Assert.That(restored.TrainingHistory, Is.Null, "the history is not saved");
            Assert.That(StateValues.All(restored), Is.EqualTo(StateValues.All(original)), "the network's weights");

            var before = model.Transform(data);
            var after = loaded.Transform(data);
            Assert.That(after.GetColumn<float>("Price.Score").ToArray(), Is.EqualTo(before.GetColumn<float>("Price.Score").ToArray()));
            Assert.That(after.GetColumn<string>("CategoryName").ToArray(), Is.EqualTo(before.GetColumn<string>("CategoryName").ToArray()));

            // The restored network warm-starts a new Fit, as the trained one does.
            var featurized = ml.Transforms.Conversion.MapValueToKey("Category").Fit(data).Transform(data);
            Assert.DoesNotThrow(() => ml.MultiTask().Trainers.NeuralNetwork(Options).Fit(featurized, restored.Model));
        }

        [Test]
        public void AModelSavedAloneLoadsAsTheTransformer()
        {
            var (ml, data, model, _) = Trained();
            var trained = model.OfType<MultiTaskTransformer>().Single();
            var featurized = model.Take(1).Single().Transform(data);
            var path = Path.Combine(Path.GetTempPath(), "mt-loader-" + Guid.NewGuid().ToString("N") + ".zip");
            try
            {
                ml.Model.Save(trained, featurized.Schema, path);
                var loaded = ml.MultiTask().Load(path, out _);
                Assert.That(loaded, Is.InstanceOf<MultiTaskTransformer>());
                Assert.That(loaded.Transform(featurized).GetColumn<float>("IsLuxury.Probability").ToArray(),
                    Is.EqualTo(trained.Transform(featurized).GetColumn<float>("IsLuxury.Probability").ToArray()));
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Test]
        public void ForeignAndMissingFilesAreRefusedClearly()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(SyntheticData.Rows(50, 3));
            var foreign = new MemoryStream();
            ml.Model.Save(ml.Transforms.Concatenate("All", "Features").Fit(data), data.Schema, foreign);
            foreign.Position = 0;
            var error = Assert.Throws<InvalidOperationException>(() => ml.MultiTask().Load(foreign, out _));
            Assert.That(error.Message, Does.Contain("without a MultiTask.MLNet network"));
            Assert.Throws<FileNotFoundException>(() => ml.MultiTask().Load("/nowhere/model.zip", out _));
        }
    }
}
