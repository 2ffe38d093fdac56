using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using FashionMnist;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet.Samples;

// Seed 001's exercise on Fashion-MNIST: a classifier and an autoencoder sharing one encoder, trained jointly,
// against the classifier alone and a FastTree baseline, beside the published MLP 256-128-100 accuracy (0.8833).
// --smoke: 600 images, 1 epoch; --quick (default): 10,000 training images, 10 epochs; --full: all 60,000, 30 epochs.
// Data: 'sudo apt-get install dataset-fashion-mnist' (or --data DIR with the four IDX files).
var mode = RunMode.Parse(args, "fashion-mnist");
int at = Array.IndexOf(args, "--data");
string folder = at >= 0 && at + 1 < args.Length ? args[at + 1] : IdxFiles.DefaultFolder;
try
{
    IdxFiles.Require(folder);
}
catch (FileNotFoundException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
int trainCount = mode.Pick(600, 10000, 60000), testCount = mode.Pick(300, 10000, 10000), epochs = mode.Pick(1, 10, 30), trees = mode.Pick(2, 20, 100);
var ml = new MLContext(seed: 0);
var train = ml.Data.LoadFromEnumerable(IdxFiles.Load(folder, "train", trainCount));
var testRows = IdxFiles.Load(folder, "t10k", testCount);
var test = ml.Data.LoadFromEnumerable(testRows);
var c = CultureInfo.InvariantCulture;

var progress = new ConsoleProgress(2, epochs);
var clock = Stopwatch.StartNew();
progress.StartRun("classifier + autoencoder");
var joint = FashionMnistModel.RetrainModel(ml, train, autoencoder: true, epochs, progress);
var jointSeconds = clock.Elapsed.TotalSeconds;
progress.StartRun("classifier alone");
var alone = FashionMnistModel.RetrainModel(ml, train, autoencoder: false, epochs, progress);
progress.Done();
clock.Restart();
var fastTree = ml.Transforms.Conversion.MapValueToKey(nameof(ModelInput.Label))
    .Append(ml.MulticlassClassification.Trainers.OneVersusAll(
        ml.BinaryClassification.Trainers.FastTree(labelColumnName: nameof(ModelInput.Label), featureColumnName: nameof(ModelInput.Pixels), numberOfTrees: trees),
        labelColumnName: nameof(ModelInput.Label)))
    .Fit(train);
var fastTreeSeconds = clock.Elapsed.TotalSeconds;

double Accuracy(ITransformer model, string score, string predicted)
    => ml.MulticlassClassification.Evaluate(model.Transform(test), nameof(ModelInput.Label), score, predicted).MicroAccuracy;
var scoredJoint = joint.Transform(test);
double reconstructionMse = ml.Regression.Evaluate(
    ml.Data.LoadFromEnumerable(scoredJoint.GetColumn<float[]>("Reconstruction.Score").Zip(testRows)
        .SelectMany(p => p.First.Select((v, i) => new Pair { Label = p.Second.Pixels[i], Score = v }))), "Label", "Score").MeanSquaredError;

Console.WriteLine($"Fashion-MNIST, {trainCount} training and {testCount} test images, {epochs} epoch(s):");
Console.WriteLine();
Console.WriteLine("| model | test accuracy | training time |");
Console.WriteLine("| --- | --- | --- |");
Console.WriteLine($"| classifier + autoencoder (shared encoder 256-128, head 100) | {Accuracy(joint, "Label.Score", "Label.PredictedLabel").ToString("F4", c)} | {jointSeconds:F0} s |");
Console.WriteLine($"| classifier alone (same network) | {Accuracy(alone, "Label.Score", "Label.PredictedLabel").ToString("F4", c)} | |");
Console.WriteLine($"| FastTree, one-versus-all, {trees} trees per class | {Accuracy(fastTree, "Score", "PredictedLabel").ToString("F4", c)} | {fastTreeSeconds:F0} s |");
Console.WriteLine($"| published MLP 256-128-100 (60,000 images) | 0.8833 | |");
Console.WriteLine();
Console.WriteLine($"Reconstruction MSE per pixel on the test images: {reconstructionMse.ToString("F4", c)}");

var examples = testRows.Take(10).ToList();
var reconstructions = scoredJoint.GetColumn<float[]>("Reconstruction.Score").Take(10).ToList();
Charts.ImageGrid(mode.File("reconstructions.png"), new[]
{
    ("original", (System.Collections.Generic.IReadOnlyList<float[]>)examples.Select(e => e.Pixels).ToList()),
    ("reconstructed", (System.Collections.Generic.IReadOnlyList<float[]>)reconstructions),
}, ModelInput.Side);

ml.Model.Save(joint, train.Schema, FashionMnistModel.ModelPath = mode.File("fashion-model.zip"));
var prediction = FashionMnistModel.Predict(examples[0]);
Console.WriteLine($"Reloaded {FashionMnistModel.ModelPath}: the first test image ({examples[0].Label}) is predicted '{prediction.Predicted}'.");
Console.WriteLine($"Originals and reconstructions: {mode.File("reconstructions.png")}");
return 0;

sealed class Pair
{
    public float Label { get; set; }
    public float Score { get; set; }
}
