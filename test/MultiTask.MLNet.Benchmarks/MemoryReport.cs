using System;
using System.Diagnostics;
using System.Linq;
using Microsoft.ML;
using TorchSharp;

namespace MultiTask.MLNet.Benchmarks
{
    /// <summary>
    /// Not a BenchmarkDotNet job: memory is read from the process. Managed heap, process working set and live native
    /// tensors across 50 epochs (should not grow), and the peak working set of one epoch on 1,000,000 rows x 100 features.
    /// Also the compute limit of scoring: the network's multiply-adds per row against this machine's matmul rate.
    /// </summary>
    public static class MemoryReport
    {
        public static void Run()
        {
            Runtime.TorchSharpRuntime.EnsureInitialized();
            var ml = new MLContext(seed: 1);
            var data = new BenchmarkData(10_000, 250, 2, outputs: 100);
            var view = data.ToDataView();
            Console.WriteLine("| epoch | managed heap (MB) | working set (MB) | live tensors |");
            Console.WriteLine("| --- | --- | --- | --- |");
            var progress = new SynchronousProgress(record =>
            {
                if (record.Epoch is 1 or 10 or 25 or 50)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    Console.WriteLine($"| {record.Epoch} | {GC.GetTotalMemory(true) / 1e6:F1} | {Process.GetCurrentProcess().WorkingSet64 / 1e6:F0} | {DisposeScopeManager.Statistics.ThreadTotalLiveCount} |");
                }
            });
            ml.MultiTask().Trainers.NeuralNetwork(new MultiTaskTrainer.Options
            {
                Tasks = data.Tasks(), HiddenLayers = new[] { 100, 100, 100, 100 }, MaxEpochs = 50, BatchSize = 100, Seed = 1, Progress = progress,
            }).Fit(view);

            long before = Process.GetCurrentProcess().PeakWorkingSet64;
            var large = new BenchmarkData(1_000_000, 100, 2);
            var clock = Stopwatch.StartNew();
            ml.MultiTask().Trainers.NeuralNetwork(new MultiTaskTrainer.Options
            {
                Tasks = large.Tasks(), HiddenLayers = new[] { 64, 32 }, MaxEpochs = 1, BatchSize = 1000, Seed = 1,
            }).Fit(large.ToDataView());
            Console.WriteLine();
            Console.WriteLine($"1,000,000 rows x 100 features, one epoch: {clock.Elapsed.TotalSeconds:F1} s; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB " +
                $"(before this Fit {before / 1e6:F0} MB; the raw features alone are {1_000_000 * 100 * 4 / 1e6:F0} MB).");
            ComputeLimit();
        }

        private static void ComputeLimit()
        {
            using var a = torch.rand(1024, 1024);
            using var b = torch.rand(1024, 1024);
            using (a.matmul(b)) { }
            var clock = Stopwatch.StartNew();
            const int repeats = 20;
            for (int i = 0; i < repeats; i++)
                using (a.matmul(b)) { }
            double rate = repeats * 1024.0 * 1024 * 1024 / clock.Elapsed.TotalSeconds;
            long perRow = 20 * 64 + 64 * 32 + 3 * 32;
            Console.WriteLine($"Matmul rate {rate / 1e9:F1} G multiply-adds/s; the scoring benchmark's network needs {perRow} per row, " +
                $"so its compute limit is {rate / perRow / 1e6:F0} M rows/s.");
        }
    }
}
