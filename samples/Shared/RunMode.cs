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
        private RunMode(RunSize size, string outputFolder)
        {
            Size = size;
            OutputFolder = outputFolder;
        }

        public RunSize Size { get; }

        /// <summary>Folder of the CSV files, PNG plots and saved model (output/&lt;sample&gt; under the working directory, or --output DIR).</summary>
        public string OutputFolder { get; }

        public bool IsSmoke => Size == RunSize.Smoke;
        public bool IsFull => Size == RunSize.Full;

        /// <summary>Picks the value for this run's size.</summary>
        public T Pick<T>(T smoke, T quick, T full) => Size switch { RunSize.Smoke => smoke, RunSize.Full => full, _ => quick };

        public string File(string name) => Path.Combine(OutputFolder, name);

        public static RunMode Parse(string[] args, string sample)
        {
            var size = args.Contains("--full") ? RunSize.Full : args.Contains("--smoke") ? RunSize.Smoke : RunSize.Quick;
            int at = Array.IndexOf(args, "--output");
            string folder = at >= 0 && at + 1 < args.Length ? args[at + 1] : Path.Combine("output", sample);
            Directory.CreateDirectory(folder);
            return new RunMode(size, folder);
        }
    }
}
