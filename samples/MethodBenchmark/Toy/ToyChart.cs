using System;
using System.Collections.Generic;
using System.Linq;
using ScottPlot;

namespace MethodBenchmark.Toy
{
    /// <summary>The papers' first figure: for each method, the five trajectories drawn on the loss plane (f1, f2) over the Pareto front.</summary>
    public static class ToyChart
    {
        public static void Save(string path, ToyProblem problem, IReadOnlyList<(string Method, IReadOnlyList<List<(double X1, double X2)>> Paths)> runs)
        {
            int columns = Math.Min(5, runs.Count), rows = (runs.Count + columns - 1) / columns;
            var figure = new Multiplot();
            figure.AddPlots(runs.Count);
            figure.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
            var front = Enumerable.Range(0, 200).Select(i => problem.Losses(-7 + 14.0 * i / 199, ToyProblem.ParetoX2)).ToArray();
            var palette = new ScottPlot.Palettes.Category10();
            for (int r = 0; r < runs.Count; r++)
            {
                var plot = figure.GetPlot(r);
                var line = plot.Add.Scatter(front.Select(p => p.F1).ToArray(), front.Select(p => p.F2).ToArray(), Colors.Gray);
                line.LineWidth = 6;
                line.MarkerSize = 0;
                for (int s = 0; s < runs[r].Paths.Count; s++)
                {
                    var losses = runs[r].Paths[s].Select(x => problem.Losses(x.X1, x.X2)).ToArray();
                    var trace = plot.Add.Scatter(losses.Select(p => p.F1).ToArray(), losses.Select(p => p.F2).ToArray(), palette.GetColor(s));
                    trace.MarkerSize = 0;
                    trace.LineWidth = 1.5f;
                    plot.Add.Marker(losses[0].F1, losses[0].F2, MarkerShape.FilledCircle, 8, Colors.Black);
                    plot.Add.Marker(losses[^1].F1, losses[^1].F2, MarkerShape.FilledSquare, 7, palette.GetColor(s));
                }
                plot.Title(runs[r].Method);
                plot.XLabel("f1 (scaled by 0.1)");
                plot.YLabel("f2");
            }
            figure.SavePng(path, 320 * columns, 300 * rows);
        }
    }
}
