using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    /// <summary>FindMultiTaskTransformer and the metrics' readable form.</summary>
    public class WorkflowHelperTests
    {
        [Test]
        public void FindsTheTransformerInsideAPipelineAndExplainsWhenItIsMissing()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(SyntheticData.Rows(120, 2));
            var options = new MultiTaskTrainer.Options
            {
                Tasks = { TaskSpec.Regression("Price"), TaskSpec.BinaryClassification("IsLuxury"), TaskSpec.MulticlassClassification("Category") },
                HiddenLayers = new[] { 8 },
                MaxEpochs = 2,
            };
            var model = ml.Transforms.Conversion.MapValueToKey("Category")
                .Append(ml.MultiTask().Trainers.NeuralNetwork(options))
                .Append(ml.Transforms.Conversion.MapKeyToValue("CategoryName", "Category.PredictedLabel"))
                .Fit(data);
            var found = model.FindMultiTaskTransformer();
            Assert.That(found.Tasks.Select(t => t.Name), Is.EqualTo(new[] { "Price", "IsLuxury", "Category" }));
            Assert.That(found.FindMultiTaskTransformer(), Is.SameAs(found));

            var saved = new MemoryStream();
            ml.Model.Save(model, data.Schema, saved);
            saved.Position = 0;
            var plain = ml.Model.Load(saved, out _);
            var error = Assert.Throws<InvalidOperationException>(() => plain.FindMultiTaskTransformer());
            Assert.That(error.Message, Does.Contain("MultiTask().Load"));

            var metrics = ml.MultiTask().Evaluate(model.Transform(data), found);
            var lines = metrics.ToString().Split(Environment.NewLine);
            Assert.That(lines, Has.Length.EqualTo(3));
            Assert.That(lines[0], Does.StartWith("Price (Regression): RMSE " + metrics["Price"].Regression.RootMeanSquaredError.ToString("G4", CultureInfo.InvariantCulture)));
            Assert.That(lines[1], Does.StartWith("IsLuxury (BinaryClassification): AUC " + metrics["IsLuxury"].BinaryClassification.AreaUnderRocCurve.ToString("F3", CultureInfo.InvariantCulture)));
            Assert.That(lines[2], Does.StartWith("Category (MulticlassClassification): micro accuracy " + metrics["Category"].MulticlassClassification.MicroAccuracy.ToString("F3", CultureInfo.InvariantCulture)));
        }
    }
}
