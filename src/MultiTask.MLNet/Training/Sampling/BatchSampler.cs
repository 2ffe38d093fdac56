using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Tasks;

namespace MultiTask.MLNet.Training.Sampling
{
    /// <summary>Yields the steps of one epoch, shuffled from a seeded RNG.</summary>
    internal abstract class BatchSampler
    {
        protected BatchSampler(Random random) => Random = random;

        protected Random Random { get; }

        public abstract IEnumerable<BatchRows> Epoch();

        /// <summary>The sampler the options ask for, over the rows given when it is called.</summary>
        public static Func<TrainingData, Random, BatchSampler> Factory(MultiTaskTrainer.Options options, IReadOnlyList<BoundTask> tasks)
        {
            int primary = tasks.ToList().FindIndex(t => t.Spec.IsPrimary);
            var names = tasks.Select(t => t.Name).ToList();
            return (data, random) => Create(options, data, primary < 0 ? null : primary, names, random);
        }

        public static BatchSampler Create(MultiTaskTrainer.Options options, TrainingData data, int? primaryTask, IReadOnlyList<string> taskNames, Random random)
        {
            if (options.Schedule == TrainingSchedule.Joint && options.TaskSampling == TaskSampling.SharedBatch)
                return new SharedBatchSampler(data.RowCount, data.Labels.Count, options.BatchSize, random);
            var labelled = data.Labels.Select(l => Enumerable.Range(0, data.RowCount).Where(i => l.Mask[i] > 0).ToArray()).ToArray();
            for (int k = 0; k < labelled.Length; k++)
                if (labelled[k].Length == 0)
                    throw new InvalidOperationException($"Task '{taskNames[k]}' has no labelled row in the training data; " +
                        "sampling each task from its own rows (TaskSampling.PerTask, TrainingSchedule.Alternate) needs at least one per task.");
            if (options.Schedule == TrainingSchedule.Alternate)
                return new AlternateSampler(labelled, options.AlternateTaskChoice, options.BatchSize, random);
            int reference = primaryTask ?? Enumerable.Range(0, labelled.Length).OrderByDescending(k => labelled[k].Length).First();
            return new PerTaskSampler(labelled, reference, options.BatchSize, random);
        }

        /// <summary>Fisher-Yates shuffle in place.</summary>
        protected void Shuffle(int[] order)
        {
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = Random.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }
    }
}
