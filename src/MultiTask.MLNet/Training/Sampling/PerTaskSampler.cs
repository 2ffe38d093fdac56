using System;
using System.Collections.Generic;
using System.Linq;

namespace MultiTask.MLNet.Training.Sampling
{
    /// <summary>
    /// Each step takes one mini-batch per task from that task's labelled rows. Each task cycles through its own
    /// shuffled stream (reshuffled when used up); an epoch has as many steps as the reference task (the primary, else
    /// the largest) needs for one pass.
    /// </summary>
    internal sealed class PerTaskSampler : BatchSampler
    {
        private readonly int[][] streams;
        private readonly int[] positions;
        private readonly int reference;
        private readonly int batchSize;

        public PerTaskSampler(int[][] labelledRows, int reference, int batchSize, Random random) : base(random)
        {
            streams = labelledRows.Select(r => r.ToArray()).ToArray();
            positions = streams.Select(s => s.Length).ToArray(); // used up: shuffled on first draw
            this.reference = reference;
            this.batchSize = batchSize;
        }

        public override IEnumerable<BatchRows> Epoch()
        {
            // The reference task makes exactly one pass per epoch.
            positions[reference] = streams[reference].Length;
            int steps = (streams[reference].Length + batchSize - 1) / batchSize;
            for (int step = 0; step < steps; step++)
            {
                var rows = new List<long>();
                var slices = new (int, int)[streams.Length];
                for (int k = 0; k < streams.Length; k++)
                {
                    int start = rows.Count;
                    rows.AddRange(Take(k, k == reference ? Math.Min(batchSize, streams[k].Length - step * batchSize) : Math.Min(batchSize, streams[k].Length)));
                    slices[k] = (start, rows.Count - start);
                }
                yield return new BatchRows(rows.ToArray(), slices);
            }
        }

        private IEnumerable<long> Take(int task, int count)
        {
            var stream = streams[task];
            var taken = new long[count];
            for (int i = 0; i < count; i++)
            {
                if (positions[task] == stream.Length)
                {
                    Shuffle(stream);
                    positions[task] = 0;
                }
                taken[i] = stream[positions[task]++];
            }
            return taken;
        }
    }
}
