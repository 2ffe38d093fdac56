using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;
using MultiTask.MLNet;
using MultiTask.MLNet.Samples;
using TaskRelatedness;

// The MMoE paper's synthetic experiment (Ma et al., KDD 2018, sections 3.2-3.3): two regression tasks whose relatedness is
// the cosine p between their weight vectors, plus a binary task of another kind (Y1 above its median). Hard sharing
// (the paper's Shared-Bottom), MMoE and PLE learn the three together at each p; every seed draws a new data set (unit
// vectors, rows) and a new initialisation, shared by the three architectures. Input: 100 dimensions, c = 1, m = 10.
// Every Fit stops early (patience 5) on 10% of its training rows, after at most 100 epochs.
//   --quick (default, about 2.5 min on 2 cores): p in {0.5, 0.9, 1}, 5 seeds, 5,000 training and 2,000 test rows.
//   --full: 20 seeds, 10,000 training and 10,000 test rows.   --smoke: p = 0.5, 1 seed, 500 rows, 2 epochs (for the test suite).
var mode = RunMode.Parse(args, "task-relatedness");
var correlations = mode.Pick(new[] { 0.5 }, new[] { 0.5, 0.9, 1.0 }, new[] { 0.5, 0.9, 1.0 });
int seeds = mode.Pick(1, 5, 20), trainRows = mode.Pick(500, 5000, 10000), testRows = mode.Pick(200, 2000, 10000), maxEpochs = mode.Pick(2, 100, 100);
var designs = Enum.GetValues<Design>();
var ml = new MLContext(seed: 0);
var c = CultureInfo.InvariantCulture;
var results = new List<(double P, Design Design, int Seed, double LabelCorrelation, TestScores Scores)>();
(MultiTaskTransformer Model, IDataView Train, double P, Design Design, int Seed, TestScores Scores, ModelInput Example) best = default;
var progress = new ConsoleProgress(correlations.Length * seeds * designs.Length, maxEpochs);
var clock = Stopwatch.StartNew();

foreach (double p in correlations)
    for (int seed = 0; seed < seeds; seed++)
    {
        var (train, test) = new RelatedTasks(p, seed: 1000 * seed + (int)Math.Round(100 * p)).Draw(trainRows, testRows);
        double labelCorrelation = Pearson(train.Select(r => (double)r.Y1).ToList(), train.Select(r => (double)r.Y2).ToList());
        var trainView = ml.Data.LoadFromEnumerable(train);
        foreach (var design in designs)
        {
            string label = $"p {p.ToString(c)} seed {seed} {design}";
            progress.StartRun(label);
            var model = TaskRelatednessModel.RetrainModel(ml, trainView, design, seed, maxEpochs, mode.Threads, progress);
            var scores = TaskRelatednessModel.Evaluate(ml, model, test);
            results.Add((p, design, seed, labelCorrelation, scores));
            if (best.Model == null || scores.RegressionMse < best.Scores.RegressionMse)
                best = (model, trainView, p, design, seed, scores, test[0]);
        }
    }
progress.Done();

using (var csv = new StreamWriter(mode.File("results.csv")))
{
    csv.WriteLine("p,architecture,seed,train_rows,test_rows,label_correlation,y1_test_mse,y2_test_mse,above_test_accuracy,above_test_logloss");
    foreach (var r in results)
        csv.WriteLine(string.Join(",", r.P.ToString(c), r.Design, r.Seed, trainRows, testRows, r.LabelCorrelation.ToString("R", c),
            r.Scores.Y1Mse.ToString("R", c), r.Scores.Y2Mse.ToString("R", c), r.Scores.AboveAccuracy.ToString("R", c), r.Scores.AboveLogLoss.ToString("R", c)));
}

IReadOnlyList<double> Values(double p, Design design, Func<TestScores, double> metric)
    => results.Where(r => r.P == p && r.Design == design).Select(r => metric(r.Scores)).ToList();
int Wins(double p, Design design)
    => results.Where(r => r.P == p).GroupBy(r => r.Seed).Count(g => g.OrderBy(r => r.Scores.RegressionMse).First().Design == design);

Console.WriteLine($"Test scores, mean +- standard deviation over {seeds} seed(s) (data set and initialisation); {trainRows} training rows " +
    $"(10% held out for early stopping), {testRows} test rows, at most {maxEpochs} epochs; {clock.Elapsed.TotalMinutes:F1} min:");
Console.WriteLine();
Console.WriteLine("| p (label correlation) | architecture | Y1 test MSE | Y2 test MSE | Above test accuracy | lowest regression MSE in |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
foreach (double p in correlations)
{
    double labels = results.Where(r => r.P == p).Average(r => r.LabelCorrelation);
    foreach (var design in designs)
        Console.WriteLine($"| {p.ToString(c)} ({labels.ToString("F2", c)}) | {design} | {SampleStatistics.MeanSdText(Values(p, design, s => s.Y1Mse), "F3")} | " +
            $"{SampleStatistics.MeanSdText(Values(p, design, s => s.Y2Mse), "F3")} | {SampleStatistics.MeanSdText(Values(p, design, s => s.AboveAccuracy), "F3")} | " +
            $"{Wins(p, design)}/{seeds} |");
}

var groups = correlations.SelectMany(p => TaskRelatednessModel.RegressionTasks.Select(task => $"p {p.ToString(c)} {task}")).ToList();
Charts.GroupedBars(mode.File("test-mse.png"), "MMoE paper's synthetic data: regression test MSE by task correlation p and architecture",
    "test MSE (mean +- sd over seeds)", groups, designs.Select(d => d.ToString()).ToList(), (group, design) =>
    {
        var parts = group.Split(' ');
        double p = double.Parse(parts[1], c);
        return Values(p, Enum.Parse<Design>(design), s => parts[2] == nameof(ModelInput.Y1) ? s.Y1Mse : s.Y2Mse);
    });

ml.Model.Save(best.Model, best.Train.Schema, TaskRelatednessModel.ModelPath = mode.File("task-relatedness-model.zip"));
var example = best.Example;
var prediction = TaskRelatednessModel.Predict(example);
Console.WriteLine();
Console.WriteLine($"Reloaded {TaskRelatednessModel.ModelPath} ({best.Design}, p {best.P.ToString(c)}, seed {best.Seed}: the lowest regression test MSE, " +
    $"{best.Scores.RegressionMse.ToString("F3", c)}). On its first test row it predicts Y1 {prediction.Y1.ToString("F2", c)} (label {example.Y1.ToString("F2", c)}), " +
    $"Y2 {prediction.Y2.ToString("F2", c)} (label {example.Y2.ToString("F2", c)}), P(Above) {prediction.AboveProbability.ToString("F2", c)} (label {example.Above}).");
Console.WriteLine($"Every run: {mode.File("results.csv")}; chart: {mode.File("test-mse.png")}");
return 0;

static double Pearson(IReadOnlyList<double> a, IReadOnlyList<double> b)
{
    double ma = a.Average(), mb = b.Average();
    double cov = a.Select((v, i) => (v - ma) * (b[i] - mb)).Sum();
    return cov / Math.Sqrt(a.Sum(v => (v - ma) * (v - ma)) * b.Sum(v => (v - mb) * (v - mb)));
}
