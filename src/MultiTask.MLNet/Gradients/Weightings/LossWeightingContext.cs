using System.Collections.Generic;
using System.Linq;

namespace MultiTask.MLNet.Gradients
{
    /// <summary>The tasks a loss weighting serves.</summary>
    public sealed class LossWeightingContext
    {
        internal LossWeightingContext(IReadOnlyList<string> taskNames, IReadOnlyList<float> taskWeights, int seed = 0, double learningRate = 1e-3)
        {
            TaskNames = taskNames.ToArray();
            TaskWeights = taskWeights.ToArray();
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
