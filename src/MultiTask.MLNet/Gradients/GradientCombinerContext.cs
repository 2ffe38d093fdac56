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

        /// <summary>
        /// A context for using a combiner in a training loop of your own (the trainer makes its own): call
        /// <see cref="IGradientCombiner.Reset"/> with it, then, every step, <see cref="SetTaskLosses"/> (for rules that read
        /// the losses) and <see cref="IGradientCombiner.Combine"/>.
        /// </summary>
        /// <param name="taskNames">One distinct, non-empty name per task, in the order of the gradient matrix's rows; at least one.</param>
        /// <param name="taskWeights">Each task's loss weight, finite and >= 0; null gives every task weight 1.</param>
        /// <param name="primaryTask">The primary task's row (for primary/auxiliary rules), or null.</param>
        /// <param name="seed">Seed of <see cref="Random"/>.</param>
        public GradientCombinerContext(IReadOnlyList<string> taskNames, IReadOnlyList<float> taskWeights = null, int? primaryTask = null, int seed = 0)
        {
            TaskNames = TaskList.Names(taskNames, nameof(taskNames));
            TaskWeights = TaskList.Weights(taskWeights, TaskNames.Count, nameof(taskWeights));
            if (primaryTask is int p && (p < 0 || p >= TaskNames.Count))
                throw new ArgumentOutOfRangeException(nameof(primaryTask), $"The primary task's row must be in [0, {TaskNames.Count - 1}], got {p}.");
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
        /// <exception cref="InvalidOperationException">Outside a step, or when a loss is negative or not finite (the rules that
        /// read losses are defined for losses >= 0, which every loss the trainer computes is).</exception>
        public IReadOnlyList<double> TaskLosses => losses ??= Checked(lossReader?.Invoke()
            ?? throw new InvalidOperationException("The task losses are known only while the trainer combines a step's gradients."));

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

        /// <summary>
        /// In a training loop of your own: each task's (unweighted) loss on this step's batch, before
        /// <see cref="IGradientCombiner.Combine"/>, for rules that read <see cref="TaskLosses"/> (DB-MTL, MoCo).
        /// </summary>
        public void SetTaskLosses(IReadOnlyList<double> losses)
        {
            if (losses == null || losses.Count != TaskCount)
                throw new ArgumentException($"Expected {TaskCount} losses, one per task.", nameof(losses));
            var copy = losses.ToArray();
            SetStepLosses(() => copy);
        }

        private IReadOnlyList<double> Checked(IReadOnlyList<double> values)
        {
            for (int k = 0; k < values.Count; k++)
                if (!(values[k] >= 0 && double.IsFinite(values[k])))
                    throw new InvalidOperationException(
                        $"Task '{TaskNames[k]}' has loss {values[k]} on this step; the rules that read the losses (DB-MTL's log-loss " +
                        "gradients, MoCo's loss scaling) are defined for finite losses >= 0.");
            return values;
        }

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
