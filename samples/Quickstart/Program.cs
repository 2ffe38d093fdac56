using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.ML;
using MultiTask.MLNet;
using Quickstart;

// Quickstart: one network learns a house's price (regression), whether it is a luxury home (binary)
// and its category (multiclass); each task is compared with a FastTree model trained for it alone.
int trainRows = args.Contains("--quick") ? 1000 : 4000;
var ml = new MLContext(seed: 1);
var train = ml.Data.LoadFromEnumerable(HouseData.Generate(trainRows, seed: 1));
var test = ml.Data.LoadFromEnumerable(HouseData.Generate(2000, seed: 2));

var features = ml.Transforms.Concatenate("Features", nameof(House.Size), nameof(House.Rooms), nameof(House.Age), nameof(House.Distance))
    .Append(ml.Transforms.NormalizeMeanVariance("Features"))
    .Append(ml.Transforms.Conversion.MapValueToKey(nameof(House.Category)));

var multiTask = features.Append(ml.MultiTask().Trainers.NeuralNetwork(new MultiTaskTrainer.Options
{
    Tasks =
    {
        // Price errors are in thousands, so its squared error is ~1000x the classification losses:
        // the task weight puts the three losses on a par in the shared trunk's objective.
        TaskSpec.Regression(nameof(House.Price), weight: 1e-3f),
        TaskSpec.BinaryClassification(nameof(House.IsLuxury)),
        TaskSpec.MulticlassClassification(nameof(House.Category)),
    },
    HiddenLayers = new[] { 64, 32 },
    MaxEpochs = 60,
    BatchSize = 32,
    LearningRate = 3e-3,
}));

var clock = Stopwatch.StartNew();
var model = multiTask.Fit(train);
Console.WriteLine($"Multi-task network trained in {clock.Elapsed.TotalSeconds:F1} s on {trainRows} rows.");
var scored = model.Transform(test);
var metrics = ml.MultiTask().Evaluate(scored, model.LastTransformer);

clock.Restart();
var baselinePrice = features.Append(ml.Regression.Trainers.FastTree(nameof(House.Price))).Fit(train).Transform(test);
var baselineLuxury = features.Append(ml.BinaryClassification.Trainers.FastTree(nameof(House.IsLuxury))).Fit(train).Transform(test);
var baselineCategory = features.Append(ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(labelColumnName: nameof(House.Category)), nameof(House.Category))).Fit(train).Transform(test);
Console.WriteLine($"Three single-task FastTree baselines trained in {clock.Elapsed.TotalSeconds:F1} s.");

Console.WriteLine();
Console.WriteLine($"{"Task",-10} {"Metric",-16} {"Multi-task NN",14} {"FastTree alone",15}");
Console.WriteLine($"{"Price",-10} {"RMSE",-16} {metrics["Price"].Regression.RootMeanSquaredError,14:F2} {ml.Regression.Evaluate(baselinePrice, nameof(House.Price)).RootMeanSquaredError,15:F2}");
Console.WriteLine($"{"Price",-10} {"R-squared",-16} {metrics["Price"].Regression.RSquared,14:F3} {ml.Regression.Evaluate(baselinePrice, nameof(House.Price)).RSquared,15:F3}");
var luxury = ml.BinaryClassification.Evaluate(baselineLuxury, nameof(House.IsLuxury));
Console.WriteLine($"{"IsLuxury",-10} {"Accuracy",-16} {metrics["IsLuxury"].BinaryClassification.Accuracy,14:F3} {luxury.Accuracy,15:F3}");
Console.WriteLine($"{"IsLuxury",-10} {"AUC",-16} {metrics["IsLuxury"].BinaryClassification.AreaUnderRocCurve,14:F3} {luxury.AreaUnderRocCurve,15:F3}");
var category = ml.MulticlassClassification.Evaluate(baselineCategory, nameof(House.Category));
Console.WriteLine($"{"Category",-10} {"Micro-accuracy",-16} {metrics["Category"].MulticlassClassification.MicroAccuracy,14:F3} {category.MicroAccuracy,15:F3}");
Console.WriteLine($"{"Category",-10} {"Log-loss",-16} {metrics["Category"].MulticlassClassification.LogLoss,14:F3} {category.LogLoss,15:F3}");

// Save the model and a few houses to score: samples/ConsumeOnly scores them without TorchSharp.
string outputFolder = Path.Combine("output", "quickstart");
Directory.CreateDirectory(outputFolder);
string modelPath = Path.Combine(outputFolder, "house-model.zip");
ml.Model.Save(model, train.Schema, modelPath);
using (var houses = File.Create(Path.Combine(outputFolder, "houses.csv")))
    ml.Data.SaveAsText(ml.Data.LoadFromEnumerable(HouseData.Generate(5, seed: 3)), houses, separatorChar: ',', schema: false);
Console.WriteLine($"Saved {modelPath} and houses.csv beside it.");

var engine = ml.Model.CreatePredictionEngine<House, HousePrediction>(model);
var house = new House { Size = 180, Rooms = 6, Age = 5, Distance = 4 };
var prediction = engine.Predict(house);
string predictedCategory = HouseData.Categories[Array.IndexOf(prediction.CategoryProbabilities, prediction.CategoryProbabilities.Max())];
Console.WriteLine();
Console.WriteLine($"A new {house.Size} m2, {house.Rooms}-room house, {house.Age} years old, {house.Distance} km out:");
Console.WriteLine($"  price {prediction.Price:F0}k, luxury {prediction.IsLuxury} (p = {prediction.LuxuryProbability:F2}), category {predictedCategory}");
