using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet;
using MultiTask.MLNet.Samples;
using Quickstart;

// Quickstart: one network learns a house's price (regression), whether it is a luxury home (binary) and its
// category (multiclass); each task is compared with a FastTree model trained for it alone.
// --smoke: 300 rows, 3 epochs; --quick (default): 4000 rows, 60 epochs; --full: 20000 rows, 100 epochs.
var mode = RunMode.Parse(args, "quickstart");
int trainRows = mode.Pick(300, 4000, 20000), epochs = mode.Pick(3, 60, 100);
var ml = new MLContext(seed: 1);

// Model Builder reads files: write the generated houses as CSV, then load them as ModelInput rows.
string trainPath = mode.File("houses-train.csv"), testPath = mode.File("houses-test.csv");
SaveCsv(ml, HouseData.Generate(trainRows, seed: 1), trainPath);
SaveCsv(ml, HouseData.Generate(2000, seed: 2), testPath);
var train = ml.Data.LoadFromTextFile<ModelInput>(trainPath, separatorChar: ',', hasHeader: true);
var test = ml.Data.LoadFromTextFile<ModelInput>(testPath, separatorChar: ',', hasHeader: true);

var progress = new ConsoleProgress(runs: 1, epochs);
progress.StartRun("multi-task network");
var clock = Stopwatch.StartNew();
var model = QuickstartModel.RetrainModel(ml, train, epochs, progress);
progress.Done();
Console.WriteLine($"Multi-task network trained in {clock.Elapsed.TotalSeconds:F1} s on {trainRows} rows.");
var network = ModelParts.Find<MultiTaskTransformer>(model);
var metrics = ml.MultiTask().Evaluate(model.Transform(test), network);

clock.Restart();
var features = QuickstartModel.Featurize(ml);
var baselinePrice = features.Append(ml.Regression.Trainers.FastTree(nameof(ModelInput.Price))).Fit(train).Transform(test);
var baselineLuxury = features.Append(ml.BinaryClassification.Trainers.FastTree(nameof(ModelInput.IsLuxury))).Fit(train).Transform(test);
var baselineCategory = features.Append(ml.MulticlassClassification.Trainers.OneVersusAll(
    ml.BinaryClassification.Trainers.FastTree(labelColumnName: nameof(ModelInput.Category)), nameof(ModelInput.Category))).Fit(train).Transform(test);
Console.WriteLine($"Three single-task FastTree baselines trained in {clock.Elapsed.TotalSeconds:F1} s.");

var price = ml.Regression.Evaluate(baselinePrice, nameof(ModelInput.Price));
var luxury = ml.BinaryClassification.Evaluate(baselineLuxury, nameof(ModelInput.IsLuxury));
var category = ml.MulticlassClassification.Evaluate(baselineCategory, nameof(ModelInput.Category));
Console.WriteLine();
Console.WriteLine($"{"Task",-10} {"Metric",-16} {"Multi-task NN",14} {"FastTree alone",15}");
Console.WriteLine($"{"Price",-10} {"RMSE",-16} {metrics["Price"].Regression.RootMeanSquaredError,14:F2} {price.RootMeanSquaredError,15:F2}");
Console.WriteLine($"{"Price",-10} {"R-squared",-16} {metrics["Price"].Regression.RSquared,14:F3} {price.RSquared,15:F3}");
Console.WriteLine($"{"IsLuxury",-10} {"Accuracy",-16} {metrics["IsLuxury"].BinaryClassification.Accuracy,14:F3} {luxury.Accuracy,15:F3}");
Console.WriteLine($"{"IsLuxury",-10} {"AUC",-16} {metrics["IsLuxury"].BinaryClassification.AreaUnderRocCurve,14:F3} {luxury.AreaUnderRocCurve,15:F3}");
Console.WriteLine($"{"Category",-10} {"Micro-accuracy",-16} {metrics["Category"].MulticlassClassification.MicroAccuracy,14:F3} {category.MicroAccuracy,15:F3}");
Console.WriteLine($"{"Category",-10} {"Log-loss",-16} {metrics["Category"].MulticlassClassification.LogLoss,14:F3} {category.LogLoss,15:F3}");

// Save, reload through the consumption class, predict: what an app shipping the model does.
QuickstartModel.ModelPath = mode.File("house-model.zip");
ml.Model.Save(model, train.Schema, QuickstartModel.ModelPath);
SaveCsv(ml, HouseData.Generate(5, seed: 3), mode.File("houses.csv"));
var curve = network.TrainingHistory.Epochs;
Charts.Lines(mode.File("training-loss.png"), "Quickstart: training loss per task, relative to epoch 1", "epoch", "loss / loss at epoch 1",
    network.Tasks.Select(t => (t.Name, curve.Select(e => (double)e.Epoch).ToArray(),
        curve.Select(e => e.TrainingLoss[t.Name] / curve[0].TrainingLoss[t.Name]).ToArray())).ToList());

var house = new ModelInput { Size = 220, Rooms = 7, Age = 5, Distance = 4 };
var prediction = QuickstartModel.Predict(house);
Console.WriteLine();
Console.WriteLine($"A new {house.Size} m2, {house.Rooms}-room house, {house.Age} years old, {house.Distance} km out:");
Console.WriteLine($"  price {prediction.Price:F0}k, luxury {prediction.IsLuxury} (p = {prediction.LuxuryProbability:F2}), category {prediction.Category}");
Console.WriteLine($"Saved {QuickstartModel.ModelPath}, houses.csv (to score with samples/ConsumeOnly) and training-loss.png in {mode.OutputFolder}.");

static void SaveCsv(MLContext ml, System.Collections.Generic.IEnumerable<ModelInput> rows, string path)
{
    using var file = File.Create(path);
    ml.Data.SaveAsText(ml.Data.LoadFromEnumerable(rows), file, separatorChar: ',', headerRow: true, schema: false);
}
