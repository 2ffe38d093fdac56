namespace MultiTask.MLNet
{
    /// <summary>Where task gradients are taken and combined.</summary>
    public enum GradientLevel
    {
        /// <summary>On the trunk's parameters: one backward pass through the trunk per task.</summary>
        Parameters,

        /// <summary>
        /// On the shared representation z (batch x size, all rows as one block); the combined gradient then flows
        /// back through the trunk once. Cheaper; needs every task on the same rows (<see cref="TaskSampling.SharedBatch"/>).
        /// </summary>
        Representation,
    }
}
