namespace MultiTask.MLNet
{
    /// <summary>Which validation loss early stopping follows.</summary>
    public enum EarlyStoppingCriterion
    {
        /// <summary>The weighted sum of every task's validation loss.</summary>
        WeightedLoss,

        /// <summary>The primary task's validation loss alone (seed 000's protocol); needs a primary task.</summary>
        PrimaryTaskLoss,

        /// <summary>
        /// The geometric mean of the tasks' validation losses, <c>exp(mean_k log L_k)</c>: the objective
        /// <see cref="GeometricMeanWeighting"/> minimises (seed 004 stops on it).
        /// </summary>
        GeometricMeanLoss,
    }
}
