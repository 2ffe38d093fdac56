using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using GradientSurgery;
using Microsoft.ML;

// Reproduces seed 000's experiment: does an auxiliary task help the primary one, and which gradient
// surgery makes it help (or at least not hurt)?
//   --quick (default): 5 initialisations, lambda 1, alpha 1 and 0.1, both scopes, every mode and situation.
//   --full: 20 initialisations, lambda in {0.1, 0.3, 1, 3, 10}, alpha in {0.01, 0.1, 1}.
//   --smoke: 1 initialisation, 3 epochs, small data (seconds; for the test suite).
bool full = args.Contains("--full"), smoke = args.Contains("--smoke");
int initialisations = full ? 20 : smoke ? 1 : 5;
var alphas = full ? new[] { 0.01, 0.1, 1 } : new[] { 0.1, 1 };
var lambdas = full ? new[] { 0.1f, 0.3f, 1f, 3f, 10f } : new[] { 1f };
int trainRows = smoke ? 100 : 1000, testRows = smoke ? 200 : 10000;
string outputFolder = Path.Combine("output", "gradient-surgery");
Directory.CreateDirectory(outputFolder);

var ml = new MLContext(seed: 0);
var data = new SyntheticTasks(seed: 0);
var primary = data.PrimaryRows(trainRows);
var experiment = new SurgeryExperiment(ml, data.PrimaryRows(trainRows), data.PrimaryRows(testRows)) { MaxEpochs = smoke ? 3 : 200 };
var grid = SurgeryConfiguration.Grid(SurgeryConfiguration.Modes, alphas, lambdas).ToList();
var results = new List<(Situation Situation, SurgeryConfiguration Configuration, int Initialisation, double TestMse)>();
var clock = Stopwatch.StartNew();
int total = Enum.GetValues<Situation>().Length * grid.Count * initialisations, done = 0;

foreach (var situation in Enum.GetValues<Situation>())
{
    var train = ml.Data.LoadFromEnumerable(primary.Concat(data.AuxiliaryRows(trainRows, situation)));
    foreach (var configuration in grid)
        for (int init = 0; init < initialisations; init++)
        {
            double mse = experiment.Run(train, configuration, init);
            results.Add((situation, configuration, init, mse));
            done++;
            Console.Error.Write($"\r{done}/{total} runs, {clock.Elapsed:mm\\:ss} elapsed, last: {situation} {configuration.Label} = {mse:F4}      ");
        }
}
Console.Error.WriteLine();

var c = CultureInfo.InvariantCulture;
using (var csv = new StreamWriter(Path.Combine(outputFolder, "results.csv")))
{
    csv.WriteLine("situation,mode,overall,alpha,lam,init,test_loss");
    foreach (var r in results)
        csv.WriteLine(string.Join(",", r.Situation, r.Configuration.Mode, r.Configuration.Overall, r.Configuration.Alpha.ToString(c),
            r.Configuration.Lambda.ToString(c), r.Initialisation, r.TestMse.ToString("R", c)));
}

Console.WriteLine($"Primary test MSE, mean +- standard deviation over {initialisations} initialisation(s) ({clock.Elapsed.TotalMinutes:F1} min):");
Console.WriteLine();
foreach (var lambda in lambdas)
{
    Console.WriteLine($"| mode (lambda {lambda.ToString(c)}) | {string.Join(" | ", Enum.GetValues<Situation>())} |");
    Console.WriteLine($"| --- | {string.Join(" | ", Enum.GetValues<Situation>().Select(_ => "---"))} |");
    foreach (var configuration in grid.Where(g => g.Lambda == lambda))
    {
        var cells = Enum.GetValues<Situation>().Select(s =>
        {
            var mse = results.Where(r => r.Situation == s && r.Configuration == configuration).Select(r => r.TestMse).ToList();
            double mean = mse.Average(), sd = Math.Sqrt(mse.Sum(m => (m - mean) * (m - mean)) / Math.Max(1, mse.Count - 1));
            return $"{mean.ToString("F4", c)} +- {sd.ToString("F4", c)}";
        });
        Console.WriteLine($"| {configuration.Label} | {string.Join(" | ", cells)} |");
    }
    Console.WriteLine();
}
Console.WriteLine($"Every run: {Path.Combine(outputFolder, "results.csv")}");
