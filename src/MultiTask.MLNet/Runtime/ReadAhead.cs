using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace MultiTask.MLNet.Runtime
{
    /// <summary>
    /// Enumerates a sequence on a background thread, up to a few items ahead of its consumer: streaming training reads
    /// and shuffles the next mini-batches from the IDataView while the current one trains. Items keep their order, so
    /// a seeded source stays reproducible; the source's exceptions reach the consumer as thrown.
    /// </summary>
    internal static class ReadAhead
    {
        /// <summary>
        /// <paramref name="source"/>'s items, read up to <paramref name="depth"/> ahead; items read but never served (the
        /// consumer left early) go to <paramref name="discard"/>, for example to free what they hold.
        /// </summary>
        public static IEnumerable<T> Of<T>(IEnumerable<T> source, int depth, Action<T> discard = null)
        {
            using var queue = new BlockingCollection<T>(depth);
            using var stop = new CancellationTokenSource();
            Exception failure = null;
            var producer = Task.Run(() =>
            {
                try
                {
                    foreach (var item in source)
                        queue.Add(item, stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // The consumer stopped early: nothing more to read.
                }
                catch (Exception e)
                {
                    failure = e;
                }
                finally
                {
                    queue.CompleteAdding();
                }
            });
            try
            {
                foreach (var item in queue.GetConsumingEnumerable())
                    yield return item;
                producer.Wait();
                if (failure != null)
                    ExceptionDispatchInfo.Capture(failure).Throw();
            }
            finally
            {
                // Also when the consumer leaves early (an exception in a step, early stopping of an enumeration).
                stop.Cancel();
                producer.Wait();
                while (queue.TryTake(out var left))
                    discard?.Invoke(left);
            }
        }
    }
}
