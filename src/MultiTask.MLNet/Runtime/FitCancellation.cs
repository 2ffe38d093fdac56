using System;
using System.Threading;

namespace MultiTask.MLNet.Runtime
{
    /// <summary>
    /// The two ways one Fit can be cancelled (its <see cref="MultiTaskTrainer.Options.CancellationToken"/> and
    /// <c>MLContext.CancelExecution()</c>), checked together; the exception says which of them fired, so a user who
    /// cancelled a token is not told that the context was cancelled.
    /// </summary>
    internal sealed class FitCancellation
    {
        private readonly CancellationToken token;
        private readonly Func<bool> contextCancelled;

        /// <summary>A Fit that nothing can cancel (benchmarks and internal reads).</summary>
        public static FitCancellation None { get; } = new(CancellationToken.None, null);

        /// <param name="token">The Fit's own token.</param>
        /// <param name="contextCancelled">Reads the MLContext's cancellation flag; null when this ML.NET build hides it.</param>
        public FitCancellation(CancellationToken token, Func<bool> contextCancelled)
        {
            this.token = token;
            this.contextCancelled = contextCancelled;
        }

        /// <summary>Throws <see cref="OperationCanceledException"/> naming the source when either source has cancelled.</summary>
        public void ThrowIfRequested()
        {
            if (token.IsCancellationRequested)
                throw new OperationCanceledException("Training was cancelled through MultiTaskTrainer.Options.CancellationToken.", token);
            if (contextCancelled?.Invoke() == true)
                throw new OperationCanceledException("Training was cancelled through MLContext.CancelExecution() (ml.MultiTask().CancelExecution()).");
        }

        /// <summary>
        /// Waits for <paramref name="gate"/> while honouring cancellation: the wait is cut into short slices so that a Fit
        /// queued behind another one stops as soon as it is cancelled, not when the other Fit ends.
        /// </summary>
        public void Enter(SemaphoreSlim gate)
        {
            var slice = TimeSpan.FromMilliseconds(50);
            while (true)
            {
                ThrowIfRequested();
                try
                {
                    if (gate.Wait(slice, token))
                        return;
                }
                catch (OperationCanceledException)
                {
                    ThrowIfRequested();
                    throw;
                }
            }
        }
    }
}
