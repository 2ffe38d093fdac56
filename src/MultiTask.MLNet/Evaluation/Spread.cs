using System.Collections.Generic;
using MathNet.Numerics.Statistics;

namespace MultiTask.MLNet.Evaluation
{
    /// <summary>Mean and sample standard deviation of repeated measurements (folds, permutations), with MathNet.Numerics.</summary>
    internal static class Spread
    {
        /// <summary>The mean and the sample standard deviation (n - 1); a single value has standard deviation 0.</summary>
        public static (double Mean, double StandardDeviation) Of(IReadOnlyList<double> values)
        {
            var (mean, sd) = values.MeanStandardDeviation();
            return (mean, values.Count > 1 ? sd : 0);
        }
    }
}
