using System;
using System.Globalization;
using System.Linq;

namespace MultiTask.MLNet.Samples
{
    /// <summary>
    /// A one-line progress bar on the terminal's error stream: which run of how many, the epoch, and the current task
    /// losses. Plug it into <see cref="MultiTaskTrainer.Options.Progress"/>; call <see cref="StartRun"/> before each Fit.
    /// </summary>
    public sealed class ConsoleProgress : IProgress<EpochRecord>
    {
        private readonly int runs;
        private readonly int maxEpochs;
        private int run;
        private string label = "";

        public ConsoleProgress(int runs, int maxEpochs)
        {
            this.runs = runs;
            this.maxEpochs = maxEpochs;
        }

        public void StartRun(string runLabel)
        {
            run++;
            label = runLabel;
        }

        public void Report(EpochRecord record)
        {
            const int width = 20;
            int filled = Math.Min(width, record.Epoch * width / Math.Max(1, maxEpochs));
            string losses = string.Join(" ", record.TrainingLoss.Select(p => $"{p.Key}={p.Value.ToString("G3", CultureInfo.InvariantCulture)}"));
            string line = $"\r[{new string('#', filled)}{new string('.', width - filled)}] run {run}/{runs} {label} epoch {record.Epoch} {losses}";
            Console.Error.Write(line.Length > 150 ? line.Substring(0, 150) : line.PadRight(150));
        }

        /// <summary>Ends the progress line.</summary>
        public void Done() => Console.Error.WriteLine();
    }
}
