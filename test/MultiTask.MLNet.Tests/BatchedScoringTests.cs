using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    /// <summary>
    /// The trained transformer scores in batches (ONNX Runtime on up to 4,096 rows at a time); a saved .zip loaded by ML.NET
    /// scores row by row. Both must give every row the same values, in order, whatever the data.
    /// </summary>
    public class BatchedScoringTests
    {
        [Test]
        public void BatchesGiveThePerRowScoresAcrossBatchBoundariesWithFiltersAndNaNRows()
        {
            var ml = new MLContext(seed: 1);
            var rows = SyntheticData.Rows(9000, 5);
            for (int i = 0; i < rows.Count; i += 997)
                rows[i].Features[1] = float.NaN;
            var data = ml.Data.LoadFromEnumerable(rows);
            var options = new MultiTaskTrainer.Options
            {
                Tasks =
                {
                    TaskSpec.Regression("Price"), TaskSpec.Regression("Both", name: "Pair"),
                    TaskSpec.BinaryClassification("IsLuxury"), TaskSpec.MulticlassClassification("Category"),
                },
                HiddenLayers = new[] { 8 },
                MaxEpochs = 1,
            };
            var clean = ml.Data.FilterRowsByMissingValues(data, "Features");
            var model = ml.Transforms.Conversion.MapValueToKey("Category").Append(ml.MultiTask().Trainers.NeuralNetwork(options)).Fit(clean);
            var saved = new System.IO.MemoryStream();
            ml.Model.Save(model, data.Schema, saved);
            saved.Position = 0;
            var perRow = new MLContext().Model.Load(saved, out _);

            // A filter before scoring, rows with NaN features, and 6,000-odd rows: two batches, the second partial.
            var input = ml.Data.FilterRowsByColumn(data, "Price", lowerBound: -2.5, upperBound: 2.5);
            var batched = model.Transform(input);
            var expected = perRow.Transform(input);
            int count = batched.GetColumn<float>("Price.Score").Count();
            Assert.That(count, Is.GreaterThan(4096).And.LessThan(9000), "more than one batch");
            foreach (var column in new[] { "Price.Score", "IsLuxury.Score", "IsLuxury.Probability", "Price" })
                Assert.That(batched.GetColumn<float>(column).ToArray(), Is.EqualTo(expected.GetColumn<float>(column).ToArray()).Within(1e-5), column);
            foreach (var column in new[] { "Pair.Score", "Category.Score", "Features" })
                Assert.That(batched.GetColumn<float[]>(column).SelectMany(v => v).ToArray(),
                    Is.EqualTo(expected.GetColumn<float[]>(column).SelectMany(v => v).ToArray()).Within(1e-5), column);
            Assert.That(batched.GetColumn<bool>("IsLuxury.PredictedLabel").ToArray(), Is.EqualTo(expected.GetColumn<bool>("IsLuxury.PredictedLabel").ToArray()));
            var keys = batched.GetColumn<uint>("Category.PredictedLabel").ToArray();
            Assert.That(keys, Is.EqualTo(expected.GetColumn<uint>("Category.PredictedLabel").ToArray()));
            Assert.That(keys.Count(k => k == 0), Is.EqualTo(expected.GetColumn<float[]>("Features").Count(f => f.Any(float.IsNaN))), "rows that cannot be scored have the missing key");
            Assert.That(batched.Schema["Category.PredictedLabel"].Annotations.Schema.GetColumnOrNull("KeyValues"), Is.Not.Null, "the key keeps its class names");

            // Passed-through columns alone (no task column read) need no scoring and keep their rows.
            Assert.That(batched.GetColumn<float>("Weight").ToArray(), Is.EqualTo(input.GetColumn<float>("Weight").ToArray()));
        }
    }
}
