using System;
using System.Diagnostics;
using System.Linq;
using Microsoft.ML;

namespace MultiTask.MLNet.Benchmarks
{
    /// <summary>
    /// Not a BenchmarkDotNet job: one streaming epoch over a binary <c>.idv</c> file larger than the memory it may use,
    /// with the process's peak working set read at the end. Run it in a process of its own (nothing else before it),
    /// after <c>--write-idv</c> made the file, so that the peak is this Fit's.
    /// </summary>
    public static class StreamingReport
    {
        /// <summary><c>--write-idv PATH [ROWS]</c>: writes the file (default 5,000,000 rows x 100 features).</summary>
        public static void Write(string path, long rows)
        {
            var clock = Stopwatch.StartNew();
            IdvFile.Ensure(new MLContext(seed: 1), path, rows);
            Console.WriteLine($"{path}: {rows:N0} rows x {IdvFile.Inputs} features, {new System.IO.FileInfo(path).Length / 1e9:F2} GB, written in {clock.Elapsed.TotalSeconds:F0} s.");
        }

        /// <summary><c>--streaming PATH [EPOCHS]</c>: trains from the file with StreamTrainingData and reports time and peak memory.</summary>
        public static void Run(string path, int epochs)
        {
            Runtime.TorchSharpRuntime.EnsureInitialized();
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromBinary(path);
            long rows = data.GetRowCount() ?? -1;
            long before = Process.GetCurrentProcess().PeakWorkingSet64;
            var clock = Stopwatch.StartNew();
            var model = ml.MultiTask().Trainers.NeuralNetwork(new MultiTaskTrainer.Options
            {
                Tasks = IdvFile.TaskSpecs(), HiddenLayers = new[] { 64, 32 }, MaxEpochs = epochs, BatchSize = 1000, Seed = 1,
                StreamTrainingData = true,
            }).Fit(data);
            double seconds = clock.Elapsed.TotalSeconds;
            var losses = model.TrainingHistory.Epochs[^1].TrainingLoss;
            Console.WriteLine($"Streaming Fit of {epochs} epoch(s) on {rows:N0} rows x {IdvFile.Inputs} features ({new System.IO.FileInfo(path).Length / 1e9:F2} GB file): " +
                $"{seconds:F0} s ({rows * epochs / seconds / 1e3:F0}k rows/s including the checking scan); peak working set " +
                $"{Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB (before Fit {before / 1e6:F0} MB); last epoch's training losses " +
                string.Join(", ", losses));
        }

        /// <summary>
        /// <c>--epoch-times PATH [EPOCHS]</c>: the wall time of every epoch of an in-memory and of a streaming Fit on the file
        /// (trunk 64-32, three tasks, batch 256, as StreamingBenchmarks), read from the progress reports: where a streamed
        /// epoch's cost goes, epoch by epoch, without the Fit's fixed costs.
        /// </summary>
        public static void EpochTimes(string path, int epochs)
        {
            Runtime.TorchSharpRuntime.EnsureInitialized();
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromBinary(path);
            foreach (bool stream in new[] { false, true, false, true })
            {
                var clock = Stopwatch.StartNew();
                var marks = new System.Collections.Generic.List<double>();
                ml.MultiTask().Trainers.NeuralNetwork(new MultiTaskTrainer.Options
                {
                    Tasks = IdvFile.TaskSpecs(), HiddenLayers = new[] { 64, 32 }, MaxEpochs = epochs, BatchSize = 256, Seed = 1, StreamTrainingData = stream,
                    Progress = new SynchronousProgress(_ => marks.Add(clock.Elapsed.TotalMilliseconds)),
                }).Fit(data);
                var times = marks.Zip(marks.Skip(1), (a, b) => b - a).ToList();
                Console.WriteLine($"{(stream ? "streaming" : "in memory")}: first epoch ends at {marks[0]:F0} ms; later epochs {string.Join(", ", times.Select(t => t.ToString("F0")))} ms " +
                    $"(median {Spread.Median(times):F0}); Fit {clock.Elapsed.TotalMilliseconds:F0} ms");
            }
        }
    }
}
