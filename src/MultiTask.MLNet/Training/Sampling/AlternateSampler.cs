using System;
using System.Collections.Generic;
using System.Linq;

namespace MultiTask.MLNet.Training.Sampling
{
    /// <summary>
    /// One task per step, drawn uniformly or in proportion to its labelled rows, with a mini-batch from that task's own
    /// shuffled stream; an epoch has ceil(total labelled rows / batch size) steps.
    /// </summary>
    internal sealed class AlternateSampler : BatchSampler
    {
        private readonly int[][] streams;
        private readonly int[] positions;
        private readonly double[] cumulative;
        private readonly int batchSize;
        private readonly int steps;

        public AlternateSampler(int[][] labelledRows, AlternateTaskChoice choice, int batchSize, Random random) : base(random)
        {
            streams = labelledRows.Select(r => r.ToArray()).ToArray();
            positions = streams.Select(s => s.Length).ToArray();
            this.batchSize = batchSize;
            steps = (streams.Sum(s => s.Length) + batchSize - 1) / batchSize;
            var shares = streams.Select(s => choice == AlternateTaskChoice.Uniform ? 1.0 : s.Length).ToArray();
            double total = shares.Sum();
            double running = 0;
            cumulative = shares.Select(s => running += s / total).ToArray();
        }

        public override IEnumerable<BatchRows> Epoch()
        {
            for (int step = 0; step < steps; step++)
            {
                int task = Pick();
                int count = Math.Min(batchSize, streams[task].Length);
                var rows = new long[count];
                for (int i = 0; i < count; i++)
                    rows[i] = Next(task);
                var slices = streams.Select((_, k) => k == task ? (0, count) : (0, 0)).ToArray();
                yield return new BatchRows(rows, slices, task);
            }
        }

        private int Pick()
        {
            double u = Random.NextDouble();
            int task = Array.FindIndex(cumulative, c => u < c);
            return task < 0 ? cumulative.Length - 1 : task;
        }

        private int Next(int task)
        {
            if (positions[task] == streams[task].Length)
            {
                Shuffle(streams[task]);
                positions[task] = 0;
            }
            return streams[task][positions[task]++];
        }
    }
}
