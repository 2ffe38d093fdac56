using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console;

namespace MultiTask.MLNet.Samples
{
    /// <summary>
    /// Training progress on the error stream with Spectre.Console: a live bar (run, epoch, current task losses, time
    /// left) in a terminal, and a line at 25%, 50%, 75% and the end when the output is redirected, as in CI logs. Plug
    /// it into <see cref="MultiTaskTrainer.Options.Progress"/>; call <see cref="StartRun"/> before each Fit and
    /// <see cref="Done"/> after the last.
    /// </summary>
    public sealed class ConsoleProgress : IProgress<EpochRecord>
    {
        private readonly int runs;
        private readonly int maxEpochs;
        private readonly ManualResetEventSlim finished = new ManualResetEventSlim();
        private readonly Task display;
        private ProgressTask task;
        private int run;
        private string label = "";

        public ConsoleProgress(int runs, int maxEpochs)
        {
            this.runs = runs;
            this.maxEpochs = maxEpochs;
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            using var started = new ManualResetEventSlim();
            // Spectre's live display owns the thread it starts on; the samples train on theirs and report from it.
            display = Task.Run(() => console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    task = context.AddTask("starting", maxValue: Math.Max(1, runs * maxEpochs));
                    started.Set();
                    finished.Wait();
                }));
            started.Wait();
        }

        public void StartRun(string runLabel)
        {
            run++;
            label = runLabel;
            task.Value = (run - 1) * maxEpochs;
        }

        public void Report(EpochRecord record)
        {
            string losses = string.Join(" ", record.TrainingLoss.Select(p => $"{p.Key}={p.Value.ToString("G3", CultureInfo.InvariantCulture)}"));
            string text = $"run {run}/{runs} {label} epoch {record.Epoch} {losses}";
            task.Description = Markup.Escape(text.Length > 100 ? text.Substring(0, 100) : text);
            task.Value = (run - 1) * maxEpochs + record.Epoch;
        }

        /// <summary>Completes the display.</summary>
        public void Done()
        {
            task.Value = task.MaxValue;
            finished.Set();
            display.Wait();
        }
    }
}
