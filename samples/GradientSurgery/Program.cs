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
//   --roster (with any of the above): the package's method roster (MGDA, CAGrad, Nash-MTL, ...) against Multitask, and
//     charts of what each method did per epoch (its update's cosine with each task gradient, its weights).
var mode = RunMode.Parse(args, "gradient-surgery");
bool standard = args.Contains("--standard");
int initialisations = standard ? 5 : mode.Pick(1, 2, 20), maxEpochs = mode.Pick(3, 200, 200);
var alphas = standard ? new[] { 0.1, 1 } : mode.Pick(new[] { 1.0 }, new[] { 1.0 }, new[] { 0.01, 0.1, 1 });
var lambdas = mode.Pick(new[] { 1f }, new[] { 1f }, new[] { 0.1f, 0.3f, 1f, 3f, 10f });
bool bothScopes = standard || mode.IsFull;
bool roster = args.Contains("--roster");
var modes = roster ? (mode.IsSmoke ? new[] { "Multitask", "MGDA" } : SurgeryConfiguration.RosterModes.Prepend("Multitask").ToArray())
    : mode.IsSmoke ? new[] { "Single task", "Projection" } : SurgeryConfiguration.Modes;
int trainRows = mode.Pick(100, 1000, 1000), testRows = mode.Pick(200, 10000, 10000);

var ml = new MLContext(seed: 0);
var data = new SyntheticTasks(seed: 0);
var primaryRows = data.PrimaryRows(trainRows);
var validation = ml.Data.LoadFromEnumerable(data.PrimaryRows(trainRows));
var test = ml.Data.LoadFromEnumerable(data.PrimaryRows(testRows));
var grid = SurgeryConfiguration.Grid(modes, alphas, lambdas).Where(g => bothScopes || !g.Overall).ToList();
var situations = Enum.GetValues<Situation>();
var results = new List<(Situation Situation, SurgeryConfiguration Configuration, int Initialisation, double TestMse)>();
var histories = new List<(Situation Situation, string Mode, TrainingHistory History)>();
string savedMode = roster ? "MGDA" : "Projection";
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
            if (init == 0)
                histories.Add((situation, configuration.Label, model.TrainingHistory));
            if (situation == Situation.Same && configuration.Mode == savedMode && init == 0 && configuration.Alpha == alphas.Max() && !configuration.Overall)
                ml.Model.Save(model, train.Schema, GradientSurgeryModel.ModelPath = mode.File($"{savedMode.ToLowerInvariant()}-model.zip"));
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

if (roster)
    foreach (var situation in situations)
    {
        // What each method did, epoch by epoch (first initialisation): how well its update served each task.
        foreach (var task in new[] { nameof(ModelInput.Primary), nameof(ModelInput.Auxiliary) })
            Charts.Lines(mode.File($"update-cosine-{task.ToLowerInvariant()}-{situation.ToString().ToLowerInvariant()}.png"),
                $"Seed 000, {situation} auxiliary task: cosine between the update and the {task.ToLowerInvariant()} task's gradient", "epoch", "mean cosine",
                histories.Where(h => h.Situation == situation).Select(h => (h.Mode, Epochs(h.History), h.History.Epochs.Select(e => e.UpdateCosines[task]).ToArray())).ToList());
        Charts.Lines(mode.File($"auxiliary-share-{situation.ToString().ToLowerInvariant()}.png"),
            $"Seed 000, {situation} auxiliary task: the auxiliary gradient's share of the weights", "epoch", "w_aux / (w_primary + w_aux)",
            histories.Where(h => h.Situation == situation && h.History.Epochs[0].CombinerWeights != null)
                .Select(h => (h.Mode, Epochs(h.History), h.History.Epochs.Select(e => AuxiliaryShare(e.CombinerWeights)).ToArray())).ToList());
    }

static double[] Epochs(TrainingHistory history) => history.Epochs.Select(e => (double)e.Epoch).ToArray();

static double AuxiliaryShare(IReadOnlyDictionary<string, double> weights)
    => weights[nameof(ModelInput.Auxiliary)] / (weights[nameof(ModelInput.Primary)] + weights[nameof(ModelInput.Auxiliary)]);

var example = data.PrimaryRows(1)[0];
var prediction = GradientSurgeryModel.Predict(example);
double exampleMse = prediction.Primary.Select((p, i) => (p - example.Primary[i]) * (p - example.Primary[i])).Average();
Console.WriteLine($"Reloaded {GradientSurgeryModel.ModelPath}: primary MSE on a new row {exampleMse.ToString("F4", c)}.");
Console.WriteLine($"Every run: {mode.File("results.csv")}; charts: {mode.File(roster ? "*.png" : "test-mse-lambda-*.png")}");
