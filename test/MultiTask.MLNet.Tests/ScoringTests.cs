using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet.Model;
using NUnit.Framework;
using TorchSharp;

namespace MultiTask.MLNet.Tests
{
    public class ScoringTests
    {
        private MLContext ml;
        private IDataView train;

        [OneTimeSetUp]
        public void Setup()
        {
            ml = new MLContext(seed: 1);
            train = SyntheticData.Load(ml, 300, seed: 3);
        }

        private static MultiTaskTrainer.Options Options(Activation activation, int[] head = null) => new MultiTaskTrainer.Options
        {
            Tasks =
            {
                TaskSpec.Regression("Price"),
                TaskSpec.Regression("Both", name: "Pair"),
                TaskSpec.BinaryClassification("IsLuxury", headHiddenLayers: head),
                TaskSpec.MulticlassClassification("Category"),
            },
            HiddenLayers = new[] { 16, 8 },
            HeadHiddenLayers = new[] { 4 },
            Activation = activation,
            Dropout = 0.1f,
            MaxEpochs = 3,
            Seed = 3,
        };

        [TestCase(Activation.ReLU)]
        [TestCase(Activation.Tanh)]
        [TestCase(Activation.Sigmoid)]
        [TestCase(Activation.LeakyReLU)]
        public void OnnxScoringMatchesTorchForwardPass(Activation activation)
        {
            var model = ml.MultiTask().Trainers.NeuralNetwork(Options(activation, head: Array.Empty<int>())).Fit(train);
            var scored = model.Transform(train);
            ScoringParity.MatchesTorchForwardPass(model, scored, SyntheticData.Rows(300, 3));
        }

        [Test]
        public void OutputSchemaOfEstimatorAndTransformerAgreeWithTransform()
        {
            var trainer = ml.MultiTask().Trainers.NeuralNetwork(Options(Activation.ReLU));
            var model = trainer.Fit(train);
            var actual = model.Transform(train).Schema;
            var fromTransformer = model.GetOutputSchema(train.Schema);
            var fromEstimator = trainer.GetOutputSchema(MultiTask.MLNet.Scoring.SchemaShapeConversion.FromSchema(train.Schema));

            Assert.That(fromTransformer.Select(c => (c.Name, c.Type.ToString(), c.IsHidden)), Is.EqualTo(actual.Select(c => (c.Name, c.Type.ToString(), c.IsHidden))));
            Assert.That(fromEstimator.Select(c => c.Name), Is.EqualTo(actual.Where(c => !c.IsHidden).Select(c => c.Name)));
            foreach (var column in fromEstimator)
            {
                var real = actual[column.Name].Type;
                Assert.That(column.ItemType.RawType, Is.EqualTo((real is VectorDataViewType v ? v.ItemType : real).RawType), column.Name);
                Assert.That(column.Kind == SchemaShape.Column.VectorKind.Scalar, Is.EqualTo(real is not VectorDataViewType), column.Name);
                Assert.That(column.IsKey, Is.EqualTo(real is KeyDataViewType), column.Name);
            }
            Assert.That(actual["Price.Score"].Type, Is.EqualTo(NumberDataViewType.Single));
            Assert.That(actual["Pair.Score"].Type, Is.EqualTo(new VectorDataViewType(NumberDataViewType.Single, 2)));
            Assert.That(actual["IsLuxury.PredictedLabel"].Type, Is.EqualTo(BooleanDataViewType.Instance));
            Assert.That(actual["Category.Score"].Type, Is.EqualTo(new VectorDataViewType(NumberDataViewType.Single, 3)));
            Assert.That(((KeyDataViewType)actual["Category.PredictedLabel"].Type).Count, Is.EqualTo(3));
            Assert.That(actual.Count(c => !c.IsHidden), Is.EqualTo(train.Schema.Count(c => !c.IsHidden) + 7), "every input column passes through, no temporaries leak");
        }

        [Test]
        public void PredictedLabelCarriesTheLabelsKeyValues()
        {
            var model = ml.MultiTask().Trainers.NeuralNetwork(Options(Activation.ReLU)).Fit(train);
            var scored = model.Transform(train);
            VBuffer<ReadOnlyMemory<char>> names = default;
            scored.Schema["Category.PredictedLabel"].GetKeyValues(ref names);
            Assert.That(names.DenseValues().Select(v => v.ToString()), Is.EqualTo(SyntheticData.Categories));
            var back = ml.Transforms.Conversion.MapKeyToValue("Name", "Category.PredictedLabel").Fit(scored).Transform(scored);
            Assert.That(back.GetColumn<string>("Name").Distinct(), Is.SubsetOf(SyntheticData.Categories));
        }

        [Test]
        public void PlainMlNetEvaluatorsAcceptTheOutputs()
        {
            var model = ml.MultiTask().Trainers.NeuralNetwork(Options(Activation.ReLU)).Fit(train);
            var scored = model.Transform(train);
            Assert.That(ml.Regression.Evaluate(scored, "Price", "Price.Score").MeanSquaredError, Is.GreaterThanOrEqualTo(0));
            Assert.That(ml.BinaryClassification.Evaluate(scored, "IsLuxury", "IsLuxury.Score", "IsLuxury.Probability", "IsLuxury.PredictedLabel").Accuracy, Is.InRange(0, 1));
            Assert.That(ml.MulticlassClassification.Evaluate(scored, "Category", "Category.Score", "Category.PredictedLabel").MicroAccuracy, Is.InRange(0, 1));
            var all = ml.MultiTask().Evaluate(scored, model);
            Assert.That(all["Pair"].RegressionPerOutput, Has.Count.EqualTo(2));
            // Pooled MSE of a two-output task is the mean of the per-output MSEs (same row count each).
            Assert.That(all["Pair"].Regression.MeanSquaredError,
                Is.EqualTo(all["Pair"].RegressionPerOutput.Average(m => m.MeanSquaredError)).Within(1e-9));
        }

        [Test]
        public void PredictionEngineRoundTrip()
        {
            var model = ml.MultiTask().Trainers.NeuralNetwork(Options(Activation.ReLU)).Fit(train);
            var engine = ml.Model.CreatePredictionEngine<HouseRow, HousePrediction>(model);
            var row = SyntheticData.Rows(1, 3)[0];
            var prediction = engine.Predict(row);
            var scored = model.Transform(ml.Data.LoadFromEnumerable(new[] { row }));
            // PredictionEngine runs the managed forward pass, Transform the ONNX graph: equal to float rounding.
            Assert.That(prediction.Price, Is.EqualTo(scored.GetColumn<float>("Price.Score").Single()).Within(1e-5));
            Assert.That(prediction.Probability, Is.EqualTo(scored.GetColumn<float>("IsLuxury.Probability").Single()).Within(1e-6));
            Assert.That(prediction.IsLuxury, Is.EqualTo(prediction.Logit > 0));
            Assert.That(prediction.Category, Has.Length.EqualTo(3));
            // The getters write into a reused buffer: a prediction already returned must not change with the next one.
            var kept = (float[])prediction.Category.Clone();
            var next = engine.Predict(SyntheticData.Rows(1, 4)[0]);
            Assert.That(prediction.Category, Is.EqualTo(kept));
            Assert.That(next.Category, Is.Not.EqualTo(kept));
        }

        [Test]
        public void PredictionEnginesOnSeveralThreadsShareTheModelSafely()
        {
            var model = ml.MultiTask().Trainers.NeuralNetwork(Options(Activation.ReLU)).Fit(train);
            var rows = SyntheticData.Rows(200, 11);
            var reference = ml.Model.CreatePredictionEngine<HouseRow, HousePrediction>(model);
            var expected = rows.Select(r => reference.Predict(r).Price).ToArray();
            // One engine per thread (PredictionEngine itself is not thread-safe); the compiled network is shared.
            var results = System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, 4).Select(_ => System.Threading.Tasks.Task.Run(() =>
            {
                var engine = ml.Model.CreatePredictionEngine<HouseRow, HousePrediction>(model);
                return Enumerable.Range(0, 5).SelectMany(__ => rows.Select(r => engine.Predict(r).Price)).ToArray();
            }))).Result;
            foreach (var result in results)
                Assert.That(result, Is.EqualTo(Enumerable.Repeat(expected, 5).SelectMany(e => e).ToArray()));
        }

        [Test]
        public void SavedZipLoadsWithPlainContextAndScoresIdentically()
        {
            var pipeline = ml.Transforms.CopyColumns("Copy", "Price")
                .Append(ml.MultiTask().Trainers.NeuralNetwork(Options(Activation.Tanh)));
            var model = pipeline.Fit(train);
            string path = Path.Combine(Path.GetTempPath(), $"mt-{Guid.NewGuid():N}.zip");
            try
            {
                ml.Model.Save(model, train.Schema, path);
                var fresh = new MLContext();
                var loaded = fresh.Model.Load(path, out var schema);
                Assert.That(schema.Select(c => c.Name), Is.EqualTo(train.Schema.Select(c => c.Name)));
                var before = model.Transform(train);
                var after = loaded.Transform(train);
                Assert.That(after.GetColumn<float>("Price.Score").ToArray(), Is.EqualTo(before.GetColumn<float>("Price.Score").ToArray()).Within(1e-6));
                Assert.That(after.GetColumn<float[]>("Pair.Score").SelectMany(v => v).ToArray(), Is.EqualTo(before.GetColumn<float[]>("Pair.Score").SelectMany(v => v).ToArray()).Within(1e-6));
                Assert.That(after.GetColumn<float>("IsLuxury.Probability").ToArray(), Is.EqualTo(before.GetColumn<float>("IsLuxury.Probability").ToArray()).Within(1e-6));
                Assert.That(after.GetColumn<uint>("Category.PredictedLabel").ToArray(), Is.EqualTo(before.GetColumn<uint>("Category.PredictedLabel").ToArray()));
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Test]
        public void InputScoreColumnSurvivesScoring()
        {
            var withScore = ml.Transforms.CopyColumns("Score", "Price").Fit(train).Transform(train);
            var model = ml.MultiTask().Trainers.NeuralNetwork(Options(Activation.ReLU)).Fit(withScore);
            var scored = model.Transform(withScore);
            Assert.That(scored.GetColumn<float>("Score").ToArray(), Is.EqualTo(withScore.GetColumn<float>("Price").ToArray()));
        }

        public sealed class HousePrediction
        {
            [ColumnName("Price.Score")] public float Price { get; set; }
            [ColumnName("IsLuxury.Score")] public float Logit { get; set; }
            [ColumnName("IsLuxury.Probability")] public float Probability { get; set; }
            [ColumnName("IsLuxury.PredictedLabel")] public bool IsLuxury { get; set; }
            [ColumnName("Category.Score")] public float[] Category { get; set; }
        }
    }
}
