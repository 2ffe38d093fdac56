namespace MultiTask.MLNet
{
    /// <summary>How the <see cref="TrainingSchedule.Alternate"/> schedule picks the task of a step.</summary>
    public enum AlternateTaskChoice
    {
        /// <summary>Every task equally often.</summary>
        Uniform,

        /// <summary>In proportion to each task's number of labelled rows.</summary>
        ProportionalToRows,
    }
}
