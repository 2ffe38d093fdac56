using System;
using System.Diagnostics;
using System.Linq;

namespace MultiTask.MLNet.Benchmarks
{
    /// <summary>
    /// <c>--paired-epochs [SHAPE]</c>: a diagnostic beside <see cref="TrainingOverheadBenchmarks"/>, not a goal. The
    /// hand-written epoch and the package's epoch run alternately, 21 pairs, and each pair's ratio is taken, so that load
    /// from other processes, which BenchmarkDotNet meets at different times for the two methods, falls on both sides of
    /// every ratio alike. Prints the median pair ratio with its min and max.
    /// </summary>
    public static class PairedEpochs
    {
        public static void Run(NetworkShape shape)
        {
            var benchmark = new TrainingOverheadBenchmarks { Shape = shape };
            benchmark.Setup();
            benchmark.HandWrittenEpoch();
            benchmark.TrainingLoopOneEpoch();
            const int pairs = 21;
            var hand = new double[pairs];
            var package = new double[pairs];
            for (int i = 0; i < pairs; i++)
            {
                var clock = Stopwatch.StartNew();
                benchmark.HandWrittenEpoch();
                hand[i] = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                benchmark.TrainingLoopOneEpoch();
                package[i] = clock.Elapsed.TotalMilliseconds;
            }
            var ratios = package.Zip(hand, (p, h) => p / h).ToArray();
            Console.WriteLine($"{shape}: hand-written epoch {Spread.Median(hand):F1} ms, package epoch {Spread.Median(package):F1} ms (medians); " +
                $"pair ratio min {ratios.Min():F3}, median {Spread.Median(ratios):F3}, max {ratios.Max():F3} over {pairs} pairs");
        }
    }
}
