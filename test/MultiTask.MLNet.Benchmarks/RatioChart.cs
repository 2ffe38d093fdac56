using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ScottPlot;

namespace MultiTask.MLNet.Benchmarks
{
    /// <summary>
    /// <c>--chart OUT.png RUN_DIR...</c>: reads the Ratio column of the BenchmarkDotNet CSV reports in each run's
    /// artifacts directory (one directory per run, from <c>--artifacts RUN_DIR</c>) and draws, per benchmark case, the
    /// min / median / max ratio to the baseline of its own run (the class's <c>Baseline = true</c> method, left out), on a
    /// log scale with the baseline at 1.
    /// </summary>
    public static class RatioChart
    {
        public static void Write(string output, IReadOnlyList<string> runs)
        {
            var cases = runs
                .SelectMany(run => Directory.GetFiles(Path.Combine(run, "results"), "*-report.csv"))
                .SelectMany(Rows)
                .GroupBy(r => r.Name)
                .Select(g => (Name: g.Key, Ratios: g.Select(r => r.Ratio).OrderBy(x => x).ToArray()))
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .ToList();
            if (cases.Count == 0)
                throw new InvalidOperationException($"No BenchmarkDotNet CSV report with a Ratio column under {string.Join(", ", runs)}.");
            var plot = new Plot();
            for (int i = 0; i < cases.Count; i++)
            {
                var v = cases[i].Ratios.Select(Math.Log10).ToArray();
                double median = v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
                plot.Add.Box(new Box { Position = i, BoxMin = median, BoxMax = median, BoxMiddle = median, WhiskerMin = v[0], WhiskerMax = v[^1] });
                Console.WriteLine($"{cases[i].Name.Replace('\n', ' ')}: min {cases[i].Ratios[0]:F3}, median {Math.Pow(10, median):F3}, max {cases[i].Ratios[^1]:F3} over {v.Length} run(s)");
            }
            plot.Add.HorizontalLine(0, pattern: LinePattern.Dashed);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(cases.Select((c, i) => new Tick(i, c.Name)).ToArray());
            double low = cases.Min(c => c.Ratios[0]), high = cases.Max(c => c.Ratios[^1]);
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                new[] { 0.01, 0.03, 0.1, 0.3, 0.5, 1, 2, 3, 10, 30, 100, 300, 1000 }.Where(x => x >= low / 3 && x <= high * 3)
                    .Select(x => new Tick(Math.Log10(x), x.ToString(CultureInfo.InvariantCulture))).ToArray());
            plot.Title($"Time against the baseline of the same run (dashed: 1; lower is faster): min, median, max over {cases.Max(c => c.Ratios.Length)} runs");
            plot.YLabel("time / baseline time (log scale)");
            plot.SavePng(output, Math.Max(900, 140 * cases.Count), 820);
            Console.WriteLine($"Wrote {output}.");
        }

        // One (benchmark case, ratio) per row of a report: the class, method and parameter values name the case.
        private static IEnumerable<(string Name, double Ratio)> Rows(string csv)
        {
            var lines = File.ReadAllLines(csv);
            var header = Fields(lines[0]);
            int ratio = header.IndexOf("Ratio"), method = header.IndexOf("Method");
            int firstParam = header.IndexOf("WarmupCount") + 1, mean = header.IndexOf("Mean");
            if (ratio < 0 || method < 0 || firstParam <= 0 || mean < firstParam)
                yield break;
            string type = Path.GetFileName(csv).Split('.')[^2].Replace("-report", "");
            string benchmark = type.Replace("Benchmarks", "");
            var baselines = typeof(RatioChart).Assembly.GetType($"{typeof(RatioChart).Namespace}.{type}")?.GetMethods()
                .Where(m => m.GetCustomAttributes(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false)
                    .Cast<BenchmarkDotNet.Attributes.BenchmarkAttribute>().Any(b => b.Baseline))
                .Select(m => m.Name).ToHashSet() ?? new HashSet<string>();
            foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
            {
                var f = Fields(line);
                if (baselines.Contains(f[method]) || !double.TryParse(f[ratio], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                    continue;
                var parameters = Enumerable.Range(firstParam, mean - firstParam).Select(i => $"{header[i]}={f[i]}").ToList();
                string name = $"{benchmark}\n{Wrapped(f[method])}" + (parameters.Count == 0 ? "" : $"\n{string.Join(", ", parameters)}");
                yield return (name, value);
            }
        }

        // A CamelCase name in lines of about 16 characters, split between words, so that neighbouring labels do not overlap.
        private static string Wrapped(string name)
        {
            var words = System.Text.RegularExpressions.Regex.Split(name, "(?<=[a-z0-9])(?=[A-Z])");
            var lines = new List<string> { "" };
            foreach (var word in words)
            {
                if (lines[^1].Length > 0 && lines[^1].Length + word.Length > 16)
                    lines.Add("");
                lines[^1] += word;
            }
            return string.Join("\n", lines);
        }

        // A CSV line's fields; BenchmarkDotNet quotes fields that hold commas.
        private static List<string> Fields(string line)
        {
            var fields = new List<string>();
            var current = new System.Text.StringBuilder();
            bool quoted = false;
            foreach (char c in line)
            {
                if (c == '"')
                    quoted = !quoted;
                else if (c == ',' && !quoted)
                {
                    fields.Add(current.ToString());
                    current.Clear();
                }
                else
                    current.Append(c);
            }
            fields.Add(current.ToString());
            return fields;
        }
    }
}
