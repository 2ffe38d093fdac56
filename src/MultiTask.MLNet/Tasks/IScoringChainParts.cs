using Microsoft.ML;

namespace MultiTask.MLNet.Tasks
{
    /// <summary>
    /// The scoring chain as a task's rules see it while they add their parts: ML.NET estimators fitted on the chain's
    /// current schema, and scratch columns dropped at the end.
    /// </summary>
    internal interface IScoringChainParts
    {
        MLContext Ml { get; }

        /// <summary>Fits <paramref name="estimator"/> on the chain's current schema and appends it.</summary>
        void Fit(IEstimator<ITransformer> estimator);

        /// <summary>Turns the row-form graph's one-slot output of <paramref name="column"/> into the scalar <paramref name="column"/>.</summary>
        void Scalar(string column);

        /// <summary>Marks <paramref name="column"/> as scratch, dropped from the chain's output.</summary>
        void Scratch(string column);
    }
}
