using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML;
using MultiTask.MLNet;
using MultiTask.MLNet.Samples;
using TaskRelatedness;

namespace MethodBenchmark.Tabular
{
    /// <summary>
    /// Problem 4: the MMoE paper's synthetic tasks (the TaskRelatedness sample's data and networks: regression Y1 and Y2 whose
    /// relatedness is the cosine p of their weight vectors, and the binary Above), hard sharing, MMoE and PLE each with Sum
    /// and two other methods, against single-task networks (the hard-sharing network with one task), per p. --full adds
    /// the package's other architectures for tabular data, CGC and cross-stitch, sized like PLE's first level.
    /// </summary>
    public static class TabularBenchmark
    {
        private static readonly TaskMetric[] Metrics =
        {
            new TaskMetric(nameof(ModelInput.Y1), "MSE", HigherIsBetter: false),
            new TaskMetric(nameof(ModelInput.Y2), "MSE", HigherIsBetter: false),
            new TaskMetric(nameof(ModelInput.Above), "accuracy", HigherIsBetter: true),
        };

        /// <param name="methods">Sum and the methods to compare with it; each must work on architectures without one shared representation.</param>
        public static void Run(RunMode mode, IReadOnlyList<Method> methods)
        {
            var correlations = mode.Pick(new[] { 0.5 }, new[] { 0.5, 0.9 }, new[] { 0.5, 0.9, 1.0 });
            int seeds = mode.Pick(1, 2, 5), trainRows = mode.Pick(500, 3000, 10000), testRows = mode.Pick(200, 2000, 10000), maxEpochs = mode.Pick(2, 100, 100);
            var designs = Enum.GetValues<Design>().Select(d => (Name: d.ToString(), Create: (Func<MultiTaskArchitecture>)(() => TaskRelatednessModel.Architecture(d)))).ToList();
            if (mode.Size != RunSize.Quick) // --smoke too, so that the test suite runs them
            {
                designs.Add(("CustomizedGateControl", () => new CustomizedGateControl { SharedExperts = 2, ExpertsPerTask = 2, ExpertLayers = new[] { 16 } }));
                designs.Add(("CrossStitch", () => new CrossStitch { HiddenLayers = new[] { 32 } }));
            }
            var ml = new MLContext(seed: 0);
            var c = CultureInfo.InvariantCulture;
            var progress = new ConsoleProgress(correlations.Length * seeds * (Metrics.Length + designs.Count * methods.Count), maxEpochs);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var tables = new List<(double P, BenchmarkResults Results)>();
            foreach (double p in correlations)
            {
                var results = new BenchmarkResults($"tabular-p{p.ToString(c)}", Metrics);
                for (int seed = 0; seed < seeds; seed++)
                {
                    var (train, test) = new RelatedTasks(p, seed: 1000 * seed + (int)Math.Round(100 * p)).Draw(trainRows, testRows);
                    var trainView = ml.Data.LoadFromEnumerable(train);
                    var testView = ml.Data.LoadFromEnumerable(test);
                    foreach (var metric in Metrics)
                    {
                        progress.StartRun($"p {p.ToString(c)} seed {seed} single task {metric.Task}");
                        var model = TaskRelatednessModel.RetrainModel(ml, trainView, Design.HardSharing, seed, maxEpochs, 1, progress, tasks: new[] { metric.Task });
                        results.Add(BenchmarkResults.SingleTask, seed, metric.Task, Score(ml, model, testView, metric));
                    }
                    foreach (var design in designs)
                        foreach (var method in methods)
                        {
                            progress.StartRun($"p {p.ToString(c)} seed {seed} {design.Name} {method.Name}");
                            var model = TaskRelatednessModel.RetrainModel(ml, trainView, Design.HardSharing, seed, maxEpochs, 1, progress, options =>
                            {
                                options.Architecture = design.Create();
                                method.Apply(options);
                            });
                            foreach (var metric in Metrics)
                                results.Add($"{design.Name} + {method.Name}", seed, metric.Task, Score(ml, model, testView, metric));
                        }
                }
                tables.Add((p, results));
            }
            progress.Done();

            foreach (var (p, results) in tables)
            {
                results.WriteCsv(mode.File($"{results.Problem}.csv"));
                Console.WriteLine($"Problem 4, the MMoE paper's synthetic tasks at p = {p.ToString(c)}: test metrics, mean +- sd over {seeds} seed(s) (data set and " +
                    $"initialisation); {trainRows} training rows (10% held out for early stopping), {testRows} test rows:");
                Console.WriteLine();
                results.PrintTable("F3");
                results.PlotDeltaM(mode.File($"{results.Problem}-delta-m.png"), $"MMoE synthetic tasks, p = {p.ToString(c)}: Delta_m% against single-task networks");
            }
            Console.WriteLine($"(problem 4: {clock.Elapsed.TotalMinutes:F1} min)");
            Console.WriteLine();
        }

        private static double Score(MLContext ml, ITransformer model, IDataView test, TaskMetric metric)
        {
            var scored = model.Transform(test);
            return metric.HigherIsBetter
                ? ml.BinaryClassification.Evaluate(scored, metric.Task, $"{metric.Task}.Score", $"{metric.Task}.Probability", $"{metric.Task}.PredictedLabel").Accuracy
                : ml.Regression.Evaluate(scored, metric.Task, $"{metric.Task}.Score").MeanSquaredError;
        }
    }
}
