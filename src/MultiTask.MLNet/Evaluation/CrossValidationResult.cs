using System.Collections.Generic;
using Microsoft.ML;

namespace MultiTask.MLNet
{
    /// <summary>One fold of <see cref="MultiTaskCatalog.CrossValidate"/>: the model fitted on the other folds and every task's metrics on this one.</summary>
    public sealed class CrossValidationFold
    {
        internal CrossValidationFold(int fold, ITransformer model, MultiTaskMetrics metrics)
        {
            Fold = fold;
            Model = model;
            Metrics = metrics;
        }

        /// <summary>0-based index of the held-out fold.</summary>
        public int Fold { get; }

        /// <summary>The pipeline fitted on the other folds.</summary>
        public ITransformer Model { get; }

        /// <summary>Every task's ML.NET metrics on the held-out fold.</summary>
        public MultiTaskMetrics Metrics { get; }
    }

    /// <summary>The folds of a multi-task cross-validation, and per task and metric the mean and standard deviation over them.</summary>
    public sealed class CrossValidationResult
    {
        internal CrossValidationResult(IReadOnlyList<CrossValidationFold> folds, IReadOnlyDictionary<string, IReadOnlyDictionary<string, (double Mean, double StandardDeviation)>> summary)
        {
            Folds = folds;
            Summary = summary;
        }

        /// <summary>The folds, in order.</summary>
        public IReadOnlyList<CrossValidationFold> Folds { get; }

        /// <summary>
        /// Per task name, per metric name (<c>RSquared</c>, <c>RootMeanSquaredError</c>, <c>AreaUnderRocCurve</c>,
        /// <c>MicroAccuracy</c>, ...: the ML.NET metric's property name): the mean over the folds and the sample standard
        /// deviation (0 for one fold).
        /// </summary>
        public IReadOnlyDictionary<string, IReadOnlyDictionary<string, (double Mean, double StandardDeviation)>> Summary { get; }
    }
}
