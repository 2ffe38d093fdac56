using System;
using System.Collections.Generic;
using System.Linq;
using ScottPlot;

namespace MultiTask.MLNet.Samples
{
    /// <summary>The few chart shapes the samples draw, written as PNG files with ScottPlot.</summary>
    public static class Charts
    {
        /// <summary>
        /// Grouped bars (one group per category, one bar per series) with mean +- standard deviation error bars. The value
        /// axis spans the data (not from 0), so that small differences show; the title says so.
        /// </summary>
        public static void GroupedBars(string path, string title, string yLabel, IReadOnlyList<string> groups,
            IReadOnlyList<string> series, Func<string, string, IReadOnlyList<double>> values, int width = 1400, int height = 600)
        {
            var plot = new Plot();
            var palette = new ScottPlot.Palettes.Category10();
            double slot = 1.0 / (series.Count + 1);
            var stats = series.Select(s => groups.Select(g => SampleStatistics.MeanSd(values(g, s))).ToArray()).ToArray();
            double low = stats.SelectMany(x => x).Min(x => x.Mean - x.Sd), high = stats.SelectMany(x => x).Max(x => x.Mean + x.Sd);
            double margin = Math.Max((high - low) * 0.1, Math.Abs(high) * 1e-3);
            for (int s = 0; s < series.Count; s++)
            {
                var bars = stats[s].Select((x, g) => new Bar
                {
                    Position = g + s * slot, ValueBase = low - margin, Value = x.Mean, Error = x.Sd, FillColor = palette.GetColor(s % 10), Size = slot * 0.9,
                }).ToList();
                plot.Add.Bars(bars).LegendText = series[s];
            }
            plot.Axes.SetLimitsY(low - margin, high + margin);
            title += " (value axis not from 0)";
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                groups.Select((g, i) => new Tick(i + (series.Count - 1) * slot / 2, g)).ToArray());
            plot.Title(title);
            plot.YLabel(yLabel);
            plot.ShowLegend(Alignment.UpperRight);
            plot.SavePng(path, width, height);
        }

        /// <summary>Box plots (median, quartiles, whiskers at the extremes), one per named sample, on a log10 axis if asked.</summary>
        public static void Boxes(string path, string title, string yLabel, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> samples, bool logScale)
        {
            var plot = new Plot();
            for (int i = 0; i < samples.Count; i++)
            {
                var v = samples[i].Values.Select(x => logScale ? Math.Log10(x) : x).OrderBy(x => x).ToArray();
                var box = new Box
                {
                    Position = i,
                    BoxMin = SampleStatistics.Quantile(v, 0.25),
                    BoxMax = SampleStatistics.Quantile(v, 0.75),
                    BoxMiddle = SampleStatistics.Quantile(v, 0.5),
                    WhiskerMin = v.First(),
                    WhiskerMax = v.Last(),
                };
                plot.Add.Box(box);
            }
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(samples.Select((s, i) => new Tick(i, s.Name)).ToArray());
            plot.Add.HorizontalLine(logScale ? 0 : 1, pattern: LinePattern.Dashed);
            plot.Title(title);
            plot.YLabel(logScale ? $"log10 {yLabel}" : yLabel);
            plot.SavePng(path, Math.Max(600, 90 * samples.Count), 500);
        }

        /// <summary>Lines (x, y) per named series.</summary>
        public static void Lines(string path, string title, string xLabel, string yLabel, IReadOnlyList<(string Name, double[] X, double[] Y)> series, bool markersOnly = false)
        {
            var plot = new Plot();
            foreach (var (name, x, y) in series)
            {
                var scatter = plot.Add.Scatter(x, y);
                scatter.LegendText = name;
                if (markersOnly)
                    scatter.LineWidth = 0;
                else
                    scatter.MarkerSize = 0;
            }
            // Epochs and other counts get whole-number ticks (not 2.5 epochs).
            if (series.All(x => x.X.All(v => v == Math.Floor(v))))
                plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
            plot.Title(title);
            plot.XLabel(xLabel);
            plot.YLabel(yLabel);
            plot.ShowLegend(Alignment.UpperRight);
            plot.SavePng(path, 900, 500);
        }

        /// <summary>A grid of grey images (values 0..1), one row per named series.</summary>
        public static void ImageGrid(string path, IReadOnlyList<(string Name, IReadOnlyList<float[]> Images)> rows, int side)
        {
            var plot = new Plot();
            for (int r = 0; r < rows.Count; r++)
                for (int c = 0; c < rows[r].Images.Count; c++)
                {
                    var image = rows[r].Images[c];
                    var data = new double[side, side];
                    for (int i = 0; i < side; i++)
                        for (int j = 0; j < side; j++)
                            data[i, j] = Math.Clamp(image[i * side + j], 0, 1);
                    var map = plot.Add.Heatmap(data);
                    map.Colormap = new ScottPlot.Colormaps.Grayscale();
                    map.Extent = new CoordinateRect(c * (side + 2), c * (side + 2) + side, -r * (side + 2) - side, -r * (side + 2));
                }
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                rows.Select((row, r) => new Tick(-r * (side + 2) - side / 2.0, row.Name)).ToArray());
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(Array.Empty<Tick>());
            plot.SavePng(path, 120 + 60 * rows.Max(r => r.Images.Count), 80 + 60 * rows.Count);
        }
    }
}
