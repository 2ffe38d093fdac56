using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet.Evaluation;

namespace MultiTask.MLNet
{
    /// <summary>
    /// Cross-validation of every task at once: ML.NET's own split (<c>DataOperationsCatalog.CrossValidationSplit</c>),
    /// one Fit per fold, <see cref="MultiTaskEvaluator"/> on the held-out fold, and a summary of the metrics' numeric
    /// properties per task.
    /// </summary>
    internal static class CrossValidation
    {
        public static CrossValidationResult Run(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline, int folds, string samplingKeyColumnName, int? seed)
        {
            if (folds < 2)
                throw new ArgumentOutOfRangeException(nameof(folds), folds, "Cross-validation needs at least 2 folds.");
            var splits = ml.Data.CrossValidationSplit(data, folds, samplingKeyColumnName, seed);
            var results = splits.Select((split, k) =>
            {
                var model = pipeline.Fit(split.TrainSet);
                var scored = model.Transform(split.TestSet);
                return new CrossValidationFold(k, model, MultiTaskEvaluator.Evaluate(ml, scored, model.FindMultiTaskTransformer().Tasks));
            }).ToList();
            return new CrossValidationResult(results, Summarize(results));
        }

        private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, (double, double)>> Summarize(IReadOnlyList<CrossValidationFold> folds)
            => folds[0].Metrics.Tasks.Select(t => t.Name).ToDictionary(name => name, name =>
                (IReadOnlyDictionary<string, (double, double)>)Values(folds.Select(f => f.Metrics[name]))
                    .GroupBy(v => v.Metric)
                    .ToDictionary(g => g.Key, g => Spread.Of(g.Select(v => v.Value).ToList())));

        // The numeric properties of the task's ML.NET metrics object (per-class lists and confusion matrices left out).
        private static IEnumerable<(string Metric, double Value)> Values(IEnumerable<TaskMetrics> metrics)
            => metrics.SelectMany(m => new object[] { m.Regression, m.BinaryClassification, m.MulticlassClassification }
                .Where(o => o != null)
                .SelectMany(o => o.GetType().GetProperties().Where(p => p.PropertyType == typeof(double))
                    .Select(p => (p.Name, (double)p.GetValue(o)))));
    }
}
