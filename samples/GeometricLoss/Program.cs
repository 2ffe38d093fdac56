using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using GeometricLoss;
using Microsoft.ML;
using MultiTask.MLNet.Samples;

// Seed 004: does minimising the geometric mean of the task losses, exp(mean_k log MSE_k), beat the plain sum of
// MSEs when tasks have very different noise (hetero) or shapes (phase)? Per task, the ratio MSE(plain) /
// MSE(geometric) on the noiseless test curves: above 1 means the geometric loss did better.
//   --quick (default): 20 replications of each experiment, 2000 rows (100 train / 900 stop / 1000 test).
//   --full: 100 replications.   --smoke: 1 replication, 3 epochs (seconds; for the test suite).
var mode = RunMode.Parse(args, "geometric-loss");
int replications = mode.Pick(1, 20, 100), rows = mode.Pick(400, 2000, 2000), maxEpochs = mode.Pick(3, 200, 200);
var ml = new MLContext(seed: 0);
var random = new Random(0);
var experiments = Enum.GetValues<Experiment>();
var ratios = experiments.ToDictionary(e => e, _ => new List<double[]>());
var progress = new ConsoleProgress(experiments.Length * replications * 2, maxEpochs);
var clock = System.Diagnostics.Stopwatch.StartNew();
var c = CultureInfo.InvariantCulture;

using (var csv = new StreamWriter(mode.File("ratios.csv")))
{
    csv.WriteLine("experiment,replication,task,mse_plain,mse_geometric,ratio");
    foreach (var experiment in experiments)
        for (int r = 0; r < replications; r++)
        {
            var (train, stop, test) = SineTasks.Draw(experiment, rows, random);
            var trainView = ml.Data.LoadFromEnumerable(train);
            var stopView = ml.Data.LoadFromEnumerable(stop);
            progress.StartRun($"{experiment} #{r + 1} plain");
            var plainModel = GeometricLossModel.RetrainModel(ml, trainView, stopView, geometric: false, seed: r, maxEpochs, progress);
            progress.StartRun($"{experiment} #{r + 1} geometric");
            var geometricModel = GeometricLossModel.RetrainModel(ml, trainView, stopView, geometric: true, seed: r, maxEpochs, progress);
            var plain = GeometricLossModel.TestMse(ml, plainModel, test);
            var geometric = GeometricLossModel.TestMse(ml, geometricModel, test);
            var ratio = plain.Select((p, k) => p / geometric[k]).ToArray();
            ratios[experiment].Add(ratio);
            for (int k = 0; k < ratio.Length; k++)
                csv.WriteLine(string.Join(",", experiment, r, k, plain[k].ToString("R", c), geometric[k].ToString("R", c), ratio[k].ToString("R", c)));
            if (r == 0)
                PlotCurves(experiment, train, plainModel, geometricModel);
            if (r == 0 && experiment == Experiment.Hetero)
                ml.Model.Save(geometricModel, trainView.Schema, GeometricLossModel.ModelPath = mode.File("geometric-model.zip"));
        }
}
progress.Done();

Console.WriteLine($"MSE(plain) / MSE(geometric) per task: median [first quartile, third quartile] over {replications} replication(s) ({clock.Elapsed.TotalMinutes:F1} min)");
Console.WriteLine();
Console.WriteLine("| experiment | task 0 | task 1 | task 2 | task 3 | task 4 | geometric better in | blog, one run |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
var published = new Dictionary<Experiment, string> { [Experiment.Hetero] = "1.64 1.77 2.67 1.80 0.86", [Experiment.Phase] = "0.76 1.56 0.72 0.13 0.17" };
foreach (var experiment in experiments)
{
    var cells = Enumerable.Range(0, ModelInput.Tasks).Select(k =>
    {
        var v = ratios[experiment].Select(r => r[k]).ToList();
        return $"{SampleStatistics.Quantile(v, 0.5).ToString("F2", c)} [{SampleStatistics.Quantile(v, 0.25).ToString("F2", c)}, {SampleStatistics.Quantile(v, 0.75).ToString("F2", c)}]";
    });
    int better = ratios[experiment].SelectMany(r => r).Count(x => x > 1), all = ratios[experiment].Count * ModelInput.Tasks;
    Console.WriteLine($"| {experiment} | {string.Join(" | ", cells)} | {better}/{all} | {published[experiment]} |");
}
Charts.Boxes(mode.File("ratios.png"), "Seed 004: MSE(plain) / MSE(geometric) per task (above 0: geometric better)", "ratio",
    experiments.SelectMany(e => Enumerable.Range(0, ModelInput.Tasks).Select(k => ($"{e} {k}", (IReadOnlyList<double>)ratios[e].Select(r => r[k]).ToList()))).ToList(),
    logScale: true);

var at = new ModelInput { Features = new[] { 0.25f } };
var prediction = GeometricLossModel.Predict(at);
Console.WriteLine();
Console.WriteLine($"Reloaded {GeometricLossModel.ModelPath}: at x = 0.25 (sin = 1) it predicts {string.Join(", ", new[] { prediction.Y0, prediction.Y1, prediction.Y2, prediction.Y3, prediction.Y4 }.Select(v => v.ToString("F2", c)))}.");
Console.WriteLine($"Every replication: {mode.File("ratios.csv")}; box plot: {mode.File("ratios.png")}; fitted curves: {mode.File("curves-*.png")}");

void PlotCurves(Experiment experiment, List<ModelInput> train, MultiTask.MLNet.MultiTaskTransformer plainModel, MultiTask.MLNet.MultiTaskTransformer geometricModel)
{
    var grid = Enumerable.Range(0, 101).Select(i => new ModelInput { Features = new[] { i / 100f } }).ToList();
    var x = grid.Select(g => (double)g.Features[0]).ToArray();
    var plain = GeometricLossModel.PredictAll(ml, plainModel, grid);
    var geometric = GeometricLossModel.PredictAll(ml, geometricModel, grid);
    var series = new List<(string, double[], double[])>();
    foreach (int k in new[] { 0, ModelInput.Tasks - 1 })
    {
        var truth = SineTasks.Truth(experiment, x, k);
        series.Add(($"task {k} truth", x, truth));
        series.Add(($"task {k} plain", x, plain[k].Select(v => (double)v).ToArray()));
        series.Add(($"task {k} geometric", x, geometric[k].Select(v => (double)v).ToArray()));
    }
    Charts.Lines(mode.File($"curves-{experiment.ToString().ToLowerInvariant()}.png"), $"Seed 004, {experiment}: fitted curves, first and last task ({train.Count} training rows)", "x", "y", series);
}

