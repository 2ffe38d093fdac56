using System.Collections.Generic;
using System.Linq;

namespace MultiTask.MLNet.Gradients
{
    /// <summary>The tasks a loss weighting serves.</summary>
    public sealed class LossWeightingContext
    {
        internal LossWeightingContext(IReadOnlyList<string> taskNames, IReadOnlyList<float> taskWeights)
        {
            TaskNames = taskNames.ToArray();
            TaskWeights = taskWeights.ToArray();
        }

        /// <summary>Number of tasks K.</summary>
        public int TaskCount => TaskNames.Count;

        /// <summary>Task names, in order.</summary>
        public IReadOnlyList<string> TaskNames { get; }

        /// <summary>The fixed weights the tasks were given (<see cref="TaskSpec.Weight"/>).</summary>
        public IReadOnlyList<float> TaskWeights { get; }
    }
}
