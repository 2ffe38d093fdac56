using System;
using System.Collections.Generic;
using System.Linq;

namespace MultiTask.MLNet.Training.Sampling
{
    /// <summary>One shuffled pass over all rows per epoch; every task sees the whole batch.</summary>
    internal sealed class SharedBatchSampler : BatchSampler
    {
        private readonly int[] order;
        private readonly int taskCount;
        private readonly int batchSize;

        public SharedBatchSampler(int rowCount, int taskCount, int batchSize, Random random) : base(random)
        {
            order = Enumerable.Range(0, rowCount).ToArray();
            this.taskCount = taskCount;
            this.batchSize = batchSize;
        }

        public override IEnumerable<BatchRows> Epoch()
        {
            Shuffle(order);
            for (int start = 0; start < order.Length; start += batchSize)
            {
                int length = Math.Min(batchSize, order.Length - start);
                var rows = new long[length];
                for (int i = 0; i < length; i++)
                    rows[i] = order[start + i];
                yield return BatchRows.Shared(rows, taskCount);
            }
        }
    }
}
