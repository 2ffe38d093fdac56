using System.Collections.Generic;
using System.Linq;

namespace MultiTask.MLNet.Training.Sampling
{
    /// <summary>
    /// The rows of one training step: <see cref="Rows"/> go through the trunk in one forward pass, and task k's loss
    /// uses the slice <see cref="Slices"/>[k] of them (the whole batch for a shared batch, its own rows otherwise).
    /// </summary>
    internal sealed class BatchRows
    {
        public BatchRows(long[] rows, IReadOnlyList<(int Start, int Length)> slices, int? task = null)
        {
            Rows = rows;
            Slices = slices;
            Task = task;
        }

        /// <summary>A shared batch: every one of <paramref name="taskCount"/> tasks sees all of <paramref name="rows"/>.</summary>
        public static BatchRows Shared(long[] rows, int taskCount) => new BatchRows(rows, Enumerable.Repeat((0, rows.Length), taskCount).ToArray());

        /// <summary>Under the alternate schedule, the one task this step trains; null otherwise.</summary>
        public int? Task { get; }

        public long[] Rows { get; }

        /// <summary>Whether every task's loss uses the whole batch.</summary>
        public bool IsShared => Task == null && Slices.All(s => s.Start == 0 && s.Length == Rows.Length);
        public IReadOnlyList<(int Start, int Length)> Slices { get; }
    }
}
