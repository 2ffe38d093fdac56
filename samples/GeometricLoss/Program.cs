using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using GeometricLoss;
using Microsoft.ML;

// Seed 004: does minimising the geometric mean of the task losses, exp(mean_k log MSE_k), beat the plain
// sum of MSEs when tasks have very different noise (hetero) or shapes (phase)? Reports, per task, the ratio
// MSE(plain) / MSE(geometric) on the noiseless test curves: above 1 means the geometric loss did better.
//   --quick (default): 20 replications of each experiment, 2000 rows (100 train / 900 stop / 1000 test).
//   --full: 100 replications.   --smoke: 1 replication, 3 epochs (seconds; for the test suite).
bool full = args.Contains("--full"), smoke = args.Contains("--smoke");
int replications = full ? 100 : smoke ? 1 : 20;
int rows = smoke ? 400 : 2000;
string outputFolder = Path.Combine("output", "geometric-loss");
Directory.CreateDirectory(outputFolder);

var ml = new MLContext(seed: 0);
var comparison = new LossComparison(ml) { MaxEpochs = smoke ? 3 : 200 };
var random = new Random(0);
var ratios = new Dictionary<Experiment, List<double[]>>();
var clock = Stopwatch.StartNew();
var c = CultureInfo.InvariantCulture;
using var csv = new StreamWriter(Path.Combine(outputFolder, "ratios.csv"));
csv.WriteLine("experiment,replication,task,mse_plain,mse_geometric,ratio");
foreach (var experiment in Enum.GetValues<Experiment>())
{
    ratios[experiment] = new List<double[]>();
    for (int r = 0; r < replications; r++)
    {
        var (train, stop, test) = SineTasks.Draw(experiment, rows, random);
        var (plain, geometric) = comparison.Run(train, stop, test, seed: r);
        var ratio = plain.Select((p, k) => p / geometric[k]).ToArray();
        ratios[experiment].Add(ratio);
        for (int k = 0; k < ratio.Length; k++)
            csv.WriteLine(string.Join(",", experiment, r, k, plain[k].ToString("R", c), geometric[k].ToString("R", c), ratio[k].ToString("R", c)));
        Console.Error.Write($"\r{experiment}: {r + 1}/{replications} replications, {clock.Elapsed:mm\\:ss} elapsed      ");
    }
}
Console.Error.WriteLine();

static double Quantile(IEnumerable<double> values, double q)
{
    var sorted = values.OrderBy(v => v).ToArray();
    double position = q * (sorted.Length - 1);
    int low = (int)Math.Floor(position);
    return low + 1 < sorted.Length ? sorted[low] + (position - low) * (sorted[low + 1] - sorted[low]) : sorted[low];
}

Console.WriteLine($"MSE(plain) / MSE(geometric) per task: median [first quartile, third quartile] over {replications} replication(s) ({clock.Elapsed.TotalMinutes:F1} min)");
Console.WriteLine();
Console.WriteLine("| experiment | task 0 | task 1 | task 2 | task 3 | task 4 | blog, one run |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
var published = new Dictionary<Experiment, string> { [Experiment.Hetero] = "1.64 1.77 2.67 1.80 0.86", [Experiment.Phase] = "0.76 1.56 0.72 0.13 0.17" };
foreach (var experiment in Enum.GetValues<Experiment>())
{
    var cells = Enumerable.Range(0, 5).Select(k =>
    {
        var values = ratios[experiment].Select(r => r[k]).ToList();
        return $"{Quantile(values, 0.5).ToString("F2", c)} [{Quantile(values, 0.25).ToString("F2", c)}, {Quantile(values, 0.75).ToString("F2", c)}]";
    });
    Console.WriteLine($"| {experiment} | {string.Join(" | ", cells)} | {published[experiment]} |");
}
Console.WriteLine();
Console.WriteLine($"Every replication: {Path.Combine(outputFolder, "ratios.csv")}");
