using System;
using System.Collections.Generic;
using System.Linq;

namespace MultiTask.MLNet.Gradients
{
    /// <summary>What a combiner knows of the training it serves: the tasks, their weights, the primary task, a seeded RNG.</summary>
    public sealed class GradientCombinerContext
    {
        private long conflicts;
        private double[] weightSums;
        private Func<IReadOnlyList<double>> lossReader;
        private IReadOnlyList<double> losses;
        private int weightCount;

        internal GradientCombinerContext(IReadOnlyList<string> taskNames, IReadOnlyList<float> taskWeights, int? primaryTask, int seed)
        {
            TaskNames = taskNames.ToArray();
            TaskWeights = taskWeights.ToArray();
            PrimaryTask = primaryTask;
            Random = new Random(seed);
        }

        /// <summary>Number of tasks K (rows of every gradient matrix).</summary>
        public int TaskCount => TaskNames.Count;

        /// <summary>Task names, in row order.</summary>
        public IReadOnlyList<string> TaskNames { get; }

        /// <summary>
        /// Each task's loss weight for the current step: its <see cref="TaskSpec.Weight"/> (the auxiliary tasks' lambda in
        /// primary/auxiliary rules), or what the trainer's <see cref="ILossWeighting"/> decided for this step.
        /// </summary>
        public IReadOnlyList<float> TaskWeights { get; private set; }

        /// <summary>
        /// Each task's (unweighted) loss on the current step's batch, for rules that use the losses (DB-MTL, MoCo); read
        /// from the device on first use in a step.
        /// </summary>
        public IReadOnlyList<double> TaskLosses => losses ??= lossReader?.Invoke()
            ?? throw new InvalidOperationException("The task losses are known only while the trainer combines a step's gradients.");

        /// <summary>The row of the task marked with <see cref="TaskSpec.AsPrimary"/>, or null.</summary>
        public int? PrimaryTask { get; }

        /// <summary>An RNG seeded from the trainer's seed, for randomised rules (PCGrad's order): same seed, same draws.</summary>
        public Random Random { get; }

        /// <summary>Call when the rule changed a task gradient because of a conflict; the training history counts them per epoch.</summary>
        public void RecordConflict(int count = 1) => conflicts += count;

        /// <summary>
        /// Call with the K weights a step applied to the task gradients (one call per block); their epoch mean appears in
        /// <see cref="EpochRecord.CombinerWeights"/>. Weighting combiners (<see cref="GramWeightingCombiner"/>) call it themselves.
        /// </summary>
        public void RecordWeights(IReadOnlyList<double> weights)
        {
            if (weights == null || weights.Count != TaskCount)
                throw new ArgumentException($"Expected {TaskCount} weights, one per task.", nameof(weights));
            weightSums ??= new double[TaskCount];
            for (int k = 0; k < TaskCount; k++)
                weightSums[k] += weights[k];
            weightCount++;
        }

        /// <summary>The primary task's row; throws naming the combiner when no task is primary.</summary>
        public int RequirePrimary(string combiner) => PrimaryTask ?? throw new InvalidOperationException(
            $"The {combiner} gradient combiner needs a primary task: mark one with TaskSpec.AsPrimary(); the others are auxiliary.");

        internal void SetTaskWeights(IReadOnlyList<float> weights) => TaskWeights = weights.ToArray();

        internal void SetStepLosses(Func<IReadOnlyList<double>> reader)
        {
            lossReader = reader;
            losses = null;
        }

        /// <summary>The mean of the weights recorded since the last call, or null when none were.</summary>
        internal double[] TakeWeights()
        {
            if (weightCount == 0)
                return null;
            var mean = weightSums.Select(v => v / weightCount).ToArray();
            weightSums = null;
            weightCount = 0;
            return mean;
        }

        internal long TakeConflicts()
        {
            long n = conflicts;
            conflicts = 0;
            return n;
        }
    }
}
