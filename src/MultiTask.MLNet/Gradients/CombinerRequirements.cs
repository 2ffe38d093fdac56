using System;

namespace MultiTask.MLNet
{
    /// <summary>
    /// What a gradient combiner needs from the training it serves (<see cref="Gradients.IGradientCombiner.Requirements"/>);
    /// the trainer refuses, when it is created, options that do not provide it, naming the combiner and the option.
    /// </summary>
    [Flags]
    public enum CombinerRequirements
    {
        /// <summary>Works with any options.</summary>
        None = 0,

        /// <summary>A task marked with <see cref="TaskSpec.AsPrimary"/>: the rule serves it with the others (auxiliary).</summary>
        PrimaryTask = 1,

        /// <summary>Every task on the same rows (<see cref="TaskSampling.SharedBatch"/>): the rule compares gradients of one batch.</summary>
        SharedBatch = 2,

        /// <summary>One representation shared by every task (hard sharing or a convolutional trunk, not MMoE, PLE or cross-stitch).</summary>
        SharedRepresentation = 4,

        /// <summary>The rule sets the tasks' gradient magnitudes itself, so no loss weighting that changes the weights may run with it.</summary>
        OwnTaskMagnitudes = 8,

        /// <summary>The rule works on the gradients at the shared representation only (<see cref="GradientLevel.Representation"/>).</summary>
        RepresentationLevel = 16,
    }
}
