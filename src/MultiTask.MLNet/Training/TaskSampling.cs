namespace MultiTask.MLNet
{
    /// <summary>Which rows a training step shows each task.</summary>
    public enum TaskSampling
    {
        /// <summary>One mini-batch of rows for all tasks; each task's loss uses the rows of it that carry its label.</summary>
        SharedBatch,

        /// <summary>
        /// Each step draws one mini-batch per task from that task's own labelled rows (seed 000), so data sets of
        /// different tasks can simply be concatenated with missing labels. An epoch is one pass over the primary task's
        /// rows, or over the largest task's when none is primary.
        /// </summary>
        PerTask,
    }
}
