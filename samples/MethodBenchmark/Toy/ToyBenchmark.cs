using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MultiTask.MLNet;
using MultiTask.MLNet.Samples;

namespace MethodBenchmark.Toy
{
    /// <summary>
    /// Problem 1: every gradient combiner of the roster from the five starts of the CAGrad / Nash-MTL toy, with Nash-MTL's
    /// protocol (Adam, learning rate 1e-3, 35,000 steps, first loss scaled by 0.1). Loss weightings are not run here: the
    /// toy's losses go negative, and weightings built on loss ratios or logarithms (DWA, uncertainty, GLS, FAMO, ...) are
    /// defined for positive losses only.
    /// </summary>
    public static class ToyBenchmark
    {
        /// <summary>
        /// A run ends on the Pareto front when its stationarity gap is below this: the task gradients within about 6 degrees
        /// of opposite (the papers' drawn front, x2 = -8.3552, passes for x1 in [-6.5, 6.5]; the five starts are at 0.29 and above).
        /// </summary>
        public const double StationaryGap = 0.05;

        public static void Run(RunMode mode)
        {
            var problem = new ToyProblem();
            // The toy has two parameters and no network: no representation for the rules that need one (RotoGrad).
            var methods = Roster.Symmetric.Where(m => !m.IsLossWeighting && !m.Requirements.HasFlag(CombinerRequirements.SharedRepresentation)).ToList();
            if (mode.IsSmoke)
                methods = methods.Where(m => m.Name is Roster.Sum or "MGDA" or "Nash-MTL").ToList();
            int steps = mode.Pick(2000, 35000, 35000), keepEvery = Math.Max(1, steps / 700);
            Console.Error.WriteLine($"toy: {methods.Count} methods x {ToyProblem.Starts.Length} starts, {steps} steps each");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var paths = new List<(double X1, double X2)>[methods.Count][];
            var failures = new string[methods.Count];
            // Runs are independent (each its own combiner and seed), so the two cores share them; results do not depend on the order.
            Parallel.For(0, methods.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, m =>
            {
                try
                {
                    paths[m] = ToyProblem.Starts.Select(start => ToyRun.Trajectory(problem, methods[m].Combiner(), start, steps, 1e-3, keepEvery)).ToArray();
                }
                catch (InvalidOperationException e)
                {
                    // A method that refuses the toy (DB-MTL and MoCo read the losses, which go negative here) is reported, not hidden.
                    failures[m] = e.Message.Split('\n')[0];
                }
            });
            var ran = Enumerable.Range(0, methods.Count).Where(m => paths[m] != null).ToList();

            var c = CultureInfo.InvariantCulture;
            using (var csv = new StreamWriter(mode.File("toy-final.csv")))
            {
                csv.WriteLine("method,start_x1,start_x2,steps,x1,x2,f1,f2,stationarity_gap");
                foreach (int m in ran)
                    for (int s = 0; s < ToyProblem.Starts.Length; s++)
                    {
                        var (x1, x2) = paths[m][s][^1];
                        var (f1, f2) = problem.Losses(x1, x2);
                        csv.WriteLine(string.Join(",", methods[m].Name, ToyProblem.Starts[s].X1.ToString(c), ToyProblem.Starts[s].X2.ToString(c), steps,
                            x1.ToString("R", c), x2.ToString("R", c), f1.ToString("R", c), f2.ToString("R", c), problem.StationarityGap(x1, x2).ToString("R", c)));
                    }
            }
            ToyChart.Save(mode.File("toy-trajectories.png"), problem, ran.Select(m => (methods[m].Name, (IReadOnlyList<List<(double, double)>>)paths[m])).ToList());

            Console.WriteLine($"Problem 1, the CAGrad / Nash-MTL toy: final (f1, f2) from each start after {steps} Adam steps (learning rate 1e-3); " +
                $"'front' counts the runs that ended Pareto-stationary (the task gradients within about 6 degrees of opposite: no direction lowers both losses); " +
                $"{clock.Elapsed.TotalMinutes:F1} min:");
            Console.WriteLine();
            Console.WriteLine($"| method | {string.Join(" | ", ToyProblem.Starts.Select(s => $"from ({s.X1.ToString(c)}, {s.X2.ToString(c)})"))} | front |");
            Console.WriteLine($"| --- | {string.Join(" | ", ToyProblem.Starts.Select(_ => "---"))} | --- |");
            foreach (int m in ran)
            {
                var ends = paths[m].Select(p => p[^1]).ToList();
                var cells = ends.Select(e => { var (f1, f2) = problem.Losses(e.X1, e.X2); return $"({f1.ToString("F2", c)}, {f2.ToString("F2", c)})"; });
                int front = ends.Count(e => problem.StationarityGap(e.X1, e.X2) < StationaryGap);
                Console.WriteLine($"| {methods[m].Name} | {string.Join(" | ", cells)} | {front}/{ends.Count} |");
            }
            foreach (int m in Enumerable.Range(0, methods.Count).Where(m => failures[m] != null))
                Console.WriteLine($"| {methods[m].Name} | refused the toy: {failures[m]} |{string.Concat(ToyProblem.Starts.Select(_ => " |"))}");
            Console.WriteLine();
        }
    }
}
