using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using GradientSurgery;
using Microsoft.ML;
using MultiTask.MLNet;
using MultiTask.MLNet.Samples;

// Seed 000: does an auxiliary task help the primary one, and which gradient surgery makes it help (or not hurt)?
//   --quick (default, ~4 min on 2 cores): 2 initialisations, lambda 1, alpha 1, per-tensor scope, every mode and situation.
//   --standard (~20 min): 5 initialisations, lambda 1, alpha 1 and 0.1, both scopes: the reduced protocol of the README.
//   --full (hours): 20 initialisations, lambda in {0.1, 0.3, 1, 3, 10}, alpha in {0.01, 0.1, 1}, both scopes.
//   --smoke: 1 initialisation, 2 modes, 3 epochs, small data (seconds; for the test suite).
var mode = RunMode.Parse(args, "gradient-surgery");
bool standard = args.Contains("--standard");
int initialisations = standard ? 5 : mode.Pick(1, 2, 20), maxEpochs = mode.Pick(3, 200, 200);
var alphas = standard ? new[] { 0.1, 1 } : mode.Pick(new[] { 1.0 }, new[] { 1.0 }, new[] { 0.01, 0.1, 1 });
var lambdas = mode.Pick(new[] { 1f }, new[] { 1f }, new[] { 0.1f, 0.3f, 1f, 3f, 10f });
bool bothScopes = standard || mode.IsFull;
var modes = mode.IsSmoke ? new[] { "Single task", "Projection" } : SurgeryConfiguration.Modes;
int trainRows = mode.Pick(100, 1000, 1000), testRows = mode.Pick(200, 10000, 10000);

var ml = new MLContext(seed: 0);
var data = new SyntheticTasks(seed: 0);
var primaryRows = data.PrimaryRows(trainRows);
var validation = ml.Data.LoadFromEnumerable(data.PrimaryRows(trainRows));
var test = ml.Data.LoadFromEnumerable(data.PrimaryRows(testRows));
var grid = SurgeryConfiguration.Grid(modes, alphas, lambdas).Where(g => bothScopes || !g.Overall).ToList();
var situations = Enum.GetValues<Situation>();
var results = new List<(Situation Situation, SurgeryConfiguration Configuration, int Initialisation, double TestMse)>();
var progress = new ConsoleProgress(situations.Length * grid.Count * initialisations, maxEpochs);
var clock = System.Diagnostics.Stopwatch.StartNew();

foreach (var situation in situations)
{
    var train = ml.Data.LoadFromEnumerable(primaryRows.Concat(data.AuxiliaryRows(trainRows, situation)));
    foreach (var configuration in grid)
        for (int init = 0; init < initialisations; init++)
        {
            progress.StartRun($"{situation} {configuration.Label}");
            var (model, mse) = GradientSurgeryModel.RetrainModel(ml, train, validation, test, configuration, init, maxEpochs, progress);
            results.Add((situation, configuration, init, mse));
            if (situation == Situation.Same && configuration.Mode == "Projection" && init == 0 && configuration.Alpha == alphas.Max() && !configuration.Overall)
                ml.Model.Save(model, train.Schema, GradientSurgeryModel.ModelPath = mode.File("projection-model.zip"));
        }
}
progress.Done();

var c = CultureInfo.InvariantCulture;
using (var csv = new StreamWriter(mode.File("results.csv")))
{
    csv.WriteLine("situation,mode,overall,alpha,lam,test_loss,init");
    foreach (var r in results)
        csv.WriteLine(string.Join(",", r.Situation, r.Configuration.Mode, r.Configuration.Overall, r.Configuration.Alpha.ToString(c),
            r.Configuration.Lambda.ToString(c), r.TestMse.ToString("R", c), r.Initialisation));
}

IReadOnlyList<double> Mse(Situation s, SurgeryConfiguration g) => results.Where(r => r.Situation == s && r.Configuration == g).Select(r => r.TestMse).ToList();
Console.WriteLine($"Primary test MSE, mean +- standard deviation over {initialisations} initialisation(s) ({clock.Elapsed.TotalMinutes:F1} min):");
Console.WriteLine();
foreach (var lambda in lambdas)
{
    var rows = grid.Where(g => g.Lambda == lambda).ToList();
    Console.WriteLine($"| mode (lambda {lambda.ToString(c)}) | {string.Join(" | ", situations)} |");
    Console.WriteLine($"| --- | {string.Join(" | ", situations.Select(_ => "---"))} |");
    foreach (var configuration in rows)
        Console.WriteLine($"| {configuration.Label} | {string.Join(" | ", situations.Select(s => SampleStatistics.MeanSdText(Mse(s, configuration), "F4")))} |");
    Console.WriteLine();
    Charts.GroupedBars(mode.File($"test-mse-lambda-{lambda.ToString(c)}.png"), $"Seed 000: primary test MSE by mode and situation (lambda {lambda.ToString(c)})",
        "primary test MSE (mean +- sd)", situations.Select(s => s.ToString()).ToList(), rows.Select(g => g.Label).ToList(),
        (s, label) => Mse(Enum.Parse<Situation>(s), rows.First(g => g.Label == label)));
}

var example = data.PrimaryRows(1)[0];
var prediction = GradientSurgeryModel.Predict(example);
double exampleMse = prediction.Primary.Select((p, i) => (p - example.Primary[i]) * (p - example.Primary[i])).Average();
Console.WriteLine($"Reloaded {GradientSurgeryModel.ModelPath}: primary MSE on a new row {exampleMse.ToString("F4", c)}.");
Console.WriteLine($"Every run: {mode.File("results.csv")}; charts: {mode.File("test-mse-lambda-*.png")}");
