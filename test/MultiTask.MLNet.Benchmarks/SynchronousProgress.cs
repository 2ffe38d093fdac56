using System;

namespace MultiTask.MLNet.Benchmarks
{
    /// <summary>
    /// An IProgress that runs its action when the trainer reports (Progress&lt;T&gt; posts to the thread pool), so that
    /// what the action reads (the time, the heap) is read at the end of the epoch.
    /// </summary>
    internal sealed class SynchronousProgress : IProgress<EpochRecord>
    {
        private readonly Action<EpochRecord> report;

        public SynchronousProgress(Action<EpochRecord> report) => this.report = report;

        public void Report(EpochRecord value) => report(value);
    }
}
