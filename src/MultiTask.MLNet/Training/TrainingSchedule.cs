namespace MultiTask.MLNet
{
    /// <summary>How the tasks share the optimisation steps.</summary>
    public enum TrainingSchedule
    {
        /// <summary>Every step trains every task (on their weighted losses or through a gradient combiner).</summary>
        Joint,

        /// <summary>
        /// Every step trains one task, drawn per <see cref="AlternateTaskChoice"/>, on a mini-batch of its own labelled rows
        /// (seed 002): the trunk and that task's head move, no other head does. An epoch has as many steps as all tasks'
        /// labelled rows fill batches.
        /// </summary>
        Alternate,
    }
}
