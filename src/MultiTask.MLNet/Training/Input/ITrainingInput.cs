using System.Collections.Generic;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Training.Sampling;

namespace MultiTask.MLNet.Training.Input
{
    /// <summary>
    /// The rows one Fit trains and validates on, read and checked before training starts: how many there are, which
    /// tasks have labels, the label statistics, and the row sources the training loop draws from.
    /// </summary>
    internal interface ITrainingInput
    {
        /// <summary>How messages name the training rows (it says when a hold-out was taken from them).</summary>
        string TrainingName { get; }

        long TrainingRows { get; }

        LabelCounts TrainingCounts { get; }

        /// <summary>Null without validation rows.</summary>
        long? ValidationRows { get; }

        /// <summary>Null without validation rows.</summary>
        LabelCounts ValidationCounts { get; }

        /// <summary>The standardisation of task <paramref name="task"/>'s training labels; null when no row counts.</summary>
        LabelScaling ScalingOf(int task);

        /// <summary>The training rows, with regression labels standardised by <paramref name="scalings"/> (null entries: as read).</summary>
        IRowSource Training(IReadOnlyList<LabelScaling> scalings);

        /// <summary>The validation rows, standardised the same way; null without validation rows.</summary>
        IRowSource Validation(IReadOnlyList<LabelScaling> scalings);
    }
}
