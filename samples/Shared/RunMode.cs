using System;
using System.IO;
using System.Linq;

namespace MultiTask.MLNet.Samples
{
    /// <summary>How big a sample run is: --smoke (seconds, for the test suite), --quick (default, minutes) or --full (the published protocol).</summary>
    public enum RunSize
    {
        Smoke,
        Quick,
        Full,
    }

    /// <summary>The command line every sample understands, and where it writes its results.</summary>
    public sealed class RunMode
    {
        private RunMode(RunSize size, string outputFolder, int threads)
        {
            Size = size;
            OutputFolder = outputFolder;
            Threads = threads;
        }

        public RunSize Size { get; }

        /// <summary>Folder of the CSV files, PNG plots and saved model (output/&lt;sample&gt; under the working directory, or --output DIR).</summary>
        public string OutputFolder { get; }

        /// <summary>
        /// TorchSharp's threads for the samples that pass it on, FashionMnist and TaskRelatedness (<c>--threads N</c>, default 1). On the shared 2-core machine,
        /// while other processes ran, two threads trained these small networks 8 to 30 times slower than one.
        /// </summary>
        public int Threads { get; }

        public bool IsSmoke => Size == RunSize.Smoke;
        public bool IsFull => Size == RunSize.Full;

        /// <summary>Picks the value for this run's size.</summary>
        public T Pick<T>(T smoke, T quick, T full) => Size switch { RunSize.Smoke => smoke, RunSize.Full => full, _ => quick };

        public string File(string name) => Path.Combine(OutputFolder, name);

        /// <summary>The value after <paramref name="name"/> on the command line (<c>--name value</c>), or null.</summary>
        public static string Option(string[] args, string name)
        {
            int at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        }

        public static RunMode Parse(string[] args, string sample)
        {
            var size = args.Contains("--full") ? RunSize.Full : args.Contains("--smoke") ? RunSize.Smoke : RunSize.Quick;
            string folder = Option(args, "--output") ?? Path.Combine("output", sample);
            string threads = Option(args, "--threads");
            Directory.CreateDirectory(folder);
            return new RunMode(size, folder, threads == null ? 1 : int.Parse(threads, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
