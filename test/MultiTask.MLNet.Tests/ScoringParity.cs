using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MultiTask.MLNet.Model;
using NUnit.Framework;
using TorchSharp;

namespace MultiTask.MLNet.Tests
{
    /// <summary>
    /// Checks that a model's scores agree with its TorchSharp network and with ONNX Runtime, for the four tasks of the
    /// scoring tests: Price (regression), Pair (2-slot regression of Both), IsLuxury (binary) and Category (multiclass).
    /// </summary>
    internal static class ScoringParity
    {
        /// <summary>The ML.NET scores of <paramref name="rows"/> equal the TorchSharp forward pass of the trained weights to 1e-5.</summary>
        public static void MatchesTorchForwardPass(MultiTaskTransformer model, IDataView scored, IReadOnlyList<HouseRow> rows)
        {
            using var network = new MultiTaskNetwork(model.Layout);
            network.Load(model.Weights);
            network.eval();
            using var scope = torch.NewDisposeScope();
            var x = torch.tensor(rows.SelectMany(r => r.Features).ToArray(), new long[] { rows.Count, 4 });
            var raw = network.forward(x).Select(t => t.detach().data<float>().ToArray()).ToArray();
            // Regression heads learn standardised labels; the graph brings them back to the label's units.
            for (int k = 0; k < raw.Length; k++)
                if (model.Layout.Heads[k].Scaling is { } scaling)
                    for (int i = 0; i < raw[k].Length; i++)
                        raw[k][i] = raw[k][i] * scaling.Scale[i % scaling.Scale.Length] + scaling.Mean[i % scaling.Mean.Length];

            var price = scored.GetColumn<float>("Price.Score").ToArray();
            var pair = scored.GetColumn<float[]>("Pair.Score").ToArray();
            var logit = scored.GetColumn<float>("IsLuxury.Score").ToArray();
            var probability = scored.GetColumn<float>("IsLuxury.Probability").ToArray();
            var predicted = scored.GetColumn<bool>("IsLuxury.PredictedLabel").ToArray();
            var classScores = scored.GetColumn<float[]>("Category.Score").ToArray();
            var classKeys = scored.GetColumn<uint>("Category.PredictedLabel").ToArray();
            for (int i = 0; i < rows.Count; i++)
            {
                Assert.That(price[i], Is.EqualTo(raw[0][i]).Within(1e-5));
                Assert.That(pair[i], Is.EqualTo(raw[1].Skip(2 * i).Take(2).ToArray()).Within(1e-5));
                Assert.That(logit[i], Is.EqualTo(raw[2][i]).Within(1e-5));
                Assert.That(probability[i], Is.EqualTo(1 / (1 + Math.Exp(-raw[2][i]))).Within(1e-5));
                Assert.That(predicted[i], Is.EqualTo(raw[2][i] > 0));
                var logits = raw[3].Skip(3 * i).Take(3).Select(v => (double)v).ToArray();
                var softmax = logits.Select(v => Math.Exp(v - logits.Max())).ToArray();
                Assert.That(classScores[i], Is.EqualTo(softmax.Select(v => (float)(v / softmax.Sum())).ToArray()).Within(1e-5));
                Assert.That(classKeys[i], Is.EqualTo((uint)Array.IndexOf(logits, logits.Max()) + 1));
            }
        }

        /// <summary>Every output column, as PredictionEngine reads them.</summary>
        public sealed class FourTaskPrediction
        {
            [ColumnName("Price.Score")] public float Price { get; set; }
            [ColumnName("Pair.Score")] public float[] Pair { get; set; }
            [ColumnName("IsLuxury.Score")] public float Logit { get; set; }
            [ColumnName("IsLuxury.Probability")] public float Probability { get; set; }
            [ColumnName("IsLuxury.PredictedLabel")] public bool IsLuxury { get; set; }
            [ColumnName("Category.Score")] public float[] Category { get; set; }
            [ColumnName("Category.PredictedLabel")] public uint CategoryKey { get; set; }
        }

        /// <summary>
        /// PredictionEngine (the model's row mapper: a managed forward pass) gives, row by row, what the ONNX scoring chain
        /// gave in <paramref name="scored"/> to 1e-5, and for a row of NaN features what Transform gives it (missing key, NaN scores).
        /// </summary>
        public static void MatchesPredictionEngine(MLContext ml, ITransformer model, IDataView scored, IReadOnlyList<HouseRow> rows)
        {
            var engine = ml.Model.CreatePredictionEngine<HouseRow, FourTaskPrediction>(model);
            var expected = ml.Data.CreateEnumerable<FourTaskPrediction>(scored, reuseRowObject: false).ToList();
            for (int i = 0; i < rows.Count; i++)
                Same(engine.Predict(rows[i]), expected[i], $"row {i}");
            var broken = new HouseRow { Features = new[] { float.NaN, 1, 2, 3 }, Both = new float[2], Category = "flat" };
            var viaChain = ml.Data.CreateEnumerable<FourTaskPrediction>(model.Transform(ml.Data.LoadFromEnumerable(new[] { broken })), false).Single();
            var viaEngine = engine.Predict(broken);
            Same(viaEngine, viaChain, "the NaN row");
            Assert.That(viaEngine.CategoryKey, Is.Zero, "a row that cannot be scored has the missing key");
        }

        private static void Same(FourTaskPrediction actual, FourTaskPrediction expected, string where)
        {
            Assert.That(actual.Price, Is.EqualTo(expected.Price).Within(1e-5), where);
            Assert.That(actual.Pair, Is.EqualTo(expected.Pair).Within(1e-5), where);
            Assert.That(actual.Logit, Is.EqualTo(expected.Logit).Within(1e-5), where);
            Assert.That(actual.Probability, Is.EqualTo(expected.Probability).Within(1e-5), where);
            Assert.That(actual.IsLuxury, Is.EqualTo(expected.IsLuxury), where);
            Assert.That(actual.Category, Is.EqualTo(expected.Category).Within(1e-5), where);
            Assert.That(actual.CategoryKey, Is.EqualTo(expected.CategoryKey), where);
        }

        /// <summary>The standalone ONNX model's outputs for <paramref name="rows"/> equal the ML.NET scores.</summary>
        public static void MatchesOnnxRuntime(InferenceSession session, IDataView scored, IReadOnlyList<HouseRow> rows)
        {
            var features = new DenseTensor<float>(rows.SelectMany(r => r.Features).ToArray(), new[] { rows.Count, 4 });
            using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("Features", features) });
            float[] Output(string name) => results.Single(r => r.Name == name).AsTensor<float>().ToArray();
            Assert.That(Output("Price.Score"), Is.EqualTo(scored.GetColumn<float>("Price.Score").ToArray()).Within(1e-5));
            Assert.That(Output("Pair.Score"), Is.EqualTo(scored.GetColumn<float[]>("Pair.Score").SelectMany(v => v).ToArray()).Within(1e-5));
            Assert.That(Output("IsLuxury.Probability"), Is.EqualTo(scored.GetColumn<float>("IsLuxury.Probability").ToArray()).Within(1e-5));
            Assert.That(Output("Category.Score"), Is.EqualTo(scored.GetColumn<float[]>("Category.Score").SelectMany(v => v).ToArray()).Within(1e-5));
            Assert.That(results.Single(r => r.Name == "IsLuxury.PredictedLabel").AsTensor<bool>().ToArray(), Is.EqualTo(scored.GetColumn<bool>("IsLuxury.PredictedLabel").ToArray()));
            var keys = scored.GetColumn<uint>("Category.PredictedLabel").ToArray();
            Assert.That(results.Single(r => r.Name == "Category.PredictedLabel").AsTensor<string>().ToArray(), Is.EqualTo(keys.Select(k => SyntheticData.Categories[k - 1]).ToArray()));
        }
    }
}
