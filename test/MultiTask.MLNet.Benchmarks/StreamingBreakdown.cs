using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Runtime;
using MultiTask.MLNet.Tasks;
using MultiTask.MLNet.Training.Sampling;
using TorchSharp;

namespace MultiTask.MLNet.Benchmarks
{
    /// <summary>
    /// <c>--streaming-breakdown</c>: where a streaming epoch's time goes on the streaming benchmark's file: a bare cursor
    /// pass, the checked row reader with the shuffle buffer, and the batches as tensors, each timed five times (wall time,
    /// processor time and managed allocation).
    /// </summary>
    public static class StreamingBreakdown
    {
        public static void Run()
        {
            TorchSharpRuntime.EnsureInitialized();
            var ml = new MLContext(seed: 1);
            string path = Path.Combine(Path.GetTempPath(), "multitask-mlnet-bench", $"rows-200000x{IdvFile.Inputs}.idv");
            var data = ml.Data.LoadFromBinary(IdvFile.Ensure(ml, path, 200_000));
            var tasks = IdvFile.TaskSpecs().Select(t => BoundTask.Bind(t, data.Schema)).ToList();
            var stream = new RowStream(data, "Features", tasks, null, FitCancellation.None, "training data");
            Loops(ml, data, tasks, stream);
            Time("bare cursor (features + labels)", () =>
            {
                using var cursor = data.GetRowCursor(data.Schema);
                var features = cursor.GetGetter<VBuffer<float>>(data.Schema["Features"]);
                VBuffer<float> row = default;
                long n = 0;
                while (cursor.MoveNext())
                {
                    features(ref row);
                    n++;
                }
                return n;
            });
            Time("checked reader + shuffle buffer, batches of 256", () => stream.ShuffledBatches(256, 100_000, new Random(1)).Sum(b => (long)b.RowCount));
            Time("... + standardised", () => stream.ShuffledBatches(256, 100_000, new Random(1)).Select(b => b.Standardized(new Model.LabelScaling[3])).Sum(b => (long)b.RowCount));
            var batches = stream.ShuffledBatches(256, 100_000, new Random(1)).Select(b => b.Standardized(new Model.LabelScaling[3])).Take(782).Select(b => b.Rows(Enumerable.Range(0, b.RowCount).ToArray())).ToList();
            Time("tensors alone (782 batches of 256 rows, one thread)", () =>
            {
                foreach (var batch in batches)
                    new DataTensors(batch, torch.CPU).Dispose();
                return batches.Count;
            });
            Time("... + tensors (StreamedRows, read ahead)", () =>
            {
                using var open = new StreamedRows(stream, new Model.LabelScaling[3], 256, 100_000).Open(torch.CPU, new Random(1));
                return open.Epoch().Sum(b => (long)b.Data.RowCount);
            });
        }

        private static void Loops(MLContext ml, IDataView data, System.Collections.Generic.List<BoundTask> tasks, RowStream stream)
        {
            var options = new MultiTaskTrainer.Options { Tasks = IdvFile.TaskSpecs(), HiddenLayers = new[] { 64, 32 }, MaxEpochs = 1, BatchSize = 256, Seed = 1 };
            var layout = new Model.NetworkLayout(IdvFile.Inputs, new[] { 64, 32 }, tasks.Select(_ => new Model.HeadLayout(Array.Empty<int>(), 1)).ToList(), Activation.ReLU, 0);
            var read = TrainingDataReader.Read(data, "Features", tasks, null, FitCancellation.None, "training data");
            using var channel = ((Microsoft.ML.Runtime.IHostEnvironment)ml).Start("breakdown");
            void Epochs(string threads)
            {
                Time($"training epoch, in memory{threads}", () => new Training.TrainingLoop(options, tasks, 1, torch.CPU, channel, FitCancellation.None)
                    .Run(layout, new InMemoryRows(read, BatchSampler.Factory(options, tasks)), null).History.Epochs.Count);
                Time($"training epoch, streamed{threads}", () => new Training.TrainingLoop(options, tasks, 1, torch.CPU, channel, FitCancellation.None)
                    .Run(layout, new StreamedRows(stream, new Model.LabelScaling[3], 256, 100_000), null).History.Epochs.Count);
            }

            Epochs("");
            // What a streaming Fit does: one TorchSharp thread, the other core left to the reader.
            int threads = torch.get_num_threads();
            torch.set_num_threads(1);
            try
            {
                Epochs(", one TorchSharp thread");
            }
            finally
            {
                torch.set_num_threads(threads);
            }
        }

        // Wall time and the process's processor time (all threads: ML.NET's loader decompresses on threads of its own).
        private static void Time(string what, Func<long> pass)
        {
            var process = Process.GetCurrentProcess();
            var times = Enumerable.Range(0, 5).Select(_ =>
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                long allocated = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                pass();
                var wall = clock.Elapsed.TotalMilliseconds;
                process.Refresh();
                return (Wall: wall, Cpu: (process.TotalProcessorTime - cpu).TotalMilliseconds, Allocated: (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6);
            }).OrderBy(t => t.Wall).ToArray();
            Console.WriteLine($"{what}: min {times[0].Wall:F0} ms, median {times[2].Wall:F0} ms, max {times[4].Wall:F0} ms; " +
                $"processor time median {Spread.Median(times.Select(t => t.Cpu)):F0} ms; managed allocation median {Spread.Median(times.Select(t => t.Allocated)):F0} MB");
        }
    }
}
