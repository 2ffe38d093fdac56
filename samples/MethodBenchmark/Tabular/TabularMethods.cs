using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet;
using MultiTask.MLNet.Samples;

namespace MethodBenchmark.Tabular
{
    /// <summary>Which methods problem 4 compares with Sum: the two of highest mean Delta_m% on Multi-Fashion in the same run.</summary>
    public static class TabularMethods
    {
        /// <summary>Used when problem 2 did not run (--problem tabular, --smoke): the two best of Multi-Fashion's --quick run in the README.</summary>
        public static readonly string[] Measured = { "CAGrad", "PCGrad" };

        public static IReadOnlyList<Method> Choose(BenchmarkResults fashion, RunMode mode)
        {
            if (mode.IsSmoke)
                return new[] { Roster.Get(Roster.Sum), Roster.Get(Measured[0]) };
            var best = fashion == null || !fashion.HasBaseline
                ? Measured.Select(Roster.Get)
                : fashion.Configurations.Where(c => c != BenchmarkResults.SingleTask && c != Roster.Sum).Select(Roster.Get)
                    .Where(WorksWithoutOneRepresentation).OrderByDescending(m => fashion.DeltaMs(m.Name).Average()).Take(2);
            return best.Prepend(Roster.Get(Roster.Sum)).ToList();
        }

        public static string Why(BenchmarkResults fashion) => fashion == null || !fashion.HasBaseline
            ? "the two best on Multi-Fashion in the README's --quick run"
            : "the two of highest Delta_m% on Multi-Fashion in this run that work with MMoE and PLE";

        // MMoE and PLE give each task its own representation: methods that need one shared representation (RotoGrad) cannot run.
        private static bool WorksWithoutOneRepresentation(Method method)
            => !method.Requirements.HasFlag(CombinerRequirements.SharedRepresentation);
    }
}
