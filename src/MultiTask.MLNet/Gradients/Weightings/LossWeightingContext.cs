using System.Collections.Generic;
using System.Linq;

namespace MultiTask.MLNet.Gradients
{
    /// <summary>The tasks a loss weighting serves.</summary>
    public sealed class LossWeightingContext
    {
        /// <summary>A context for using a weighting in a training loop of your own (the trainer makes its own).</summary>
        /// <param name="taskNames">One distinct, non-empty name per task; at least one.</param>
        /// <param name="taskWeights">Each task's fixed weight, finite and >= 0; null gives every task weight 1.</param>
        /// <param name="seed">Seed of <see cref="Random"/>.</param>
        /// <param name="learningRate">The rate at which weightings with learned parameters learn them; finite and > 0; default 1e-3.</param>
        public LossWeightingContext(IReadOnlyList<string> taskNames, IReadOnlyList<float> taskWeights = null, int seed = 0, double learningRate = 1e-3)
        {
            TaskNames = TaskList.Names(taskNames, nameof(taskNames));
            TaskWeights = TaskList.Weights(taskWeights, TaskNames.Count, nameof(taskWeights));
            if (!(learningRate > 0 && double.IsFinite(learningRate)))
                throw new System.ArgumentOutOfRangeException(nameof(learningRate), $"The learning rate must be finite and > 0, got {learningRate}.");
            Random = new System.Random(seed);
            LearningRate = learningRate;
        }

        /// <summary>An RNG seeded from the trainer's seed, for randomised weightings (RLW): same seed, same draws.</summary>
        public System.Random Random { get; }

        /// <summary>The trainer's learning rate, at which weightings with learned parameters (uncertainty weighting, IMTL-L) learn them.</summary>
        public double LearningRate { get; }

        /// <summary>Number of tasks K.</summary>
        public int TaskCount => TaskNames.Count;

        /// <summary>Task names, in order.</summary>
        public IReadOnlyList<string> TaskNames { get; }

        /// <summary>The fixed weights the tasks were given (<see cref="TaskSpec.Weight"/>).</summary>
        public IReadOnlyList<float> TaskWeights { get; }
    }
}
