using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using MultiTask.MLNet.Samples;

namespace MethodBenchmark
{
    /// <summary>
    /// The test metrics of one problem: every (configuration, seed, task) value, the single-task baselines among them
    /// (configuration <see cref="SingleTask"/>), and the summaries the README shows: mean +- standard deviation over seeds
    /// per task, and Delta_m% per seed against the single-task networks' mean.
    /// </summary>
    public sealed class BenchmarkResults
    {
        public const string SingleTask = "Single task";

        private readonly List<(string Configuration, int Seed, string Task, double Value)> values = new();

        public BenchmarkResults(string problem, IReadOnlyList<TaskMetric> metrics)
        {
            Problem = problem;
            Metrics = metrics;
        }

        public string Problem { get; }

        public IReadOnlyList<TaskMetric> Metrics { get; }

        /// <summary>The configurations in the order they were first added.</summary>
        public IReadOnlyList<string> Configurations => values.Select(v => v.Configuration).Distinct().ToList();

        public void Add(string configuration, int seed, string task, double value)
        {
            if (!double.IsFinite(value))
                throw new ArgumentException($"{Problem}: {configuration}, seed {seed}, task '{task}' has a test metric of {value}.");
            values.Add((configuration, seed, task, value));
        }

        public IReadOnlyList<double> Values(string configuration, string task)
            => values.Where(v => v.Configuration == configuration && v.Task == task).OrderBy(v => v.Seed).Select(v => v.Value).ToList();

        /// <summary>Delta_m% of each seed of <paramref name="configuration"/> against the single-task networks' mean over seeds.</summary>
        public IReadOnlyList<double> DeltaMs(string configuration)
        {
            var baseline = Metrics.Select(m => Values(SingleTask, m.Task).Average()).ToList();
            return values.Where(v => v.Configuration == configuration).Select(v => v.Seed).Distinct().OrderBy(s => s)
                .Select(seed => DeltaM.Of(Metrics, Metrics.Select(m => values.Single(v => v.Configuration == configuration && v.Seed == seed && v.Task == m.Task).Value).ToList(), baseline))
                .ToList();
        }

        /// <summary>Whether single-task baselines were trained (Delta_m needs them).</summary>
        public bool HasBaseline => values.Any(v => v.Configuration == SingleTask);

        public void WriteCsv(string path)
        {
            var c = CultureInfo.InvariantCulture;
            using var csv = new StreamWriter(path);
            csv.WriteLine("problem,configuration,seed,task,metric,higher_is_better,value");
            foreach (var v in values)
            {
                var metric = Metrics.Single(m => m.Task == v.Task);
                csv.WriteLine(string.Join(",", Problem, $"\"{v.Configuration}\"", v.Seed, v.Task, metric.Metric, metric.HigherIsBetter, v.Value.ToString("R", c)));
            }
        }

        /// <summary>The markdown table: one row per configuration, each task's metric as mean +- sd, then Delta_m% (best first).</summary>
        public void PrintTable(string format)
        {
            var rows = Configurations.Where(c => c != SingleTask).OrderByDescending(c => HasBaseline ? DeltaMs(c).Average() : 0).Prepend(SingleTask)
                .Where(c => Configurations.Contains(c)).ToList();
            Console.WriteLine($"| configuration | {string.Join(" | ", Metrics.Select(m => $"{m.Task} {m.Metric} ({(m.HigherIsBetter ? "higher" : "lower")} is better)"))} |{(HasBaseline ? " Delta_m% |" : "")}");
            Console.WriteLine($"| --- |{string.Concat(Metrics.Select(_ => " --- |"))}{(HasBaseline ? " --- |" : "")}");
            foreach (var configuration in rows)
            {
                var cells = Metrics.Select(m => SampleStatistics.MeanSdText(Values(configuration, m.Task), format));
                string delta = !HasBaseline ? "" : configuration == SingleTask ? " 0 |" : $" {SampleStatistics.MeanSdText(DeltaMs(configuration), "F2")} |";
                Console.WriteLine($"| {configuration} | {string.Join(" | ", cells)} |{delta}");
            }
            Console.WriteLine();
        }

        /// <summary>Delta_m% of every configuration as bars with their spread over seeds.</summary>
        public void PlotDeltaM(string path, string title)
        {
            if (!HasBaseline)
                return;
            var configurations = Configurations.Where(c => c != SingleTask).OrderByDescending(c => DeltaMs(c).Average()).ToList();
            Charts.GroupedBars(path, title, "Delta_m% against single-task networks (higher is better)", configurations, new[] { "Delta_m%" },
                (configuration, _) => DeltaMs(configuration), width: Math.Max(900, 70 * configurations.Count));
        }
    }
}
