using System;
using System.Collections.Generic;
using System.Linq;

namespace MultiTask.MLNet.Samples
{
    /// <summary>The summaries the samples report: mean and standard deviation, quantiles.</summary>
    public static class SampleStatistics
    {
        /// <summary>Mean and sample standard deviation (0 for a single value).</summary>
        public static (double Mean, double Sd) MeanSd(IReadOnlyList<double> values)
        {
            double mean = values.Average();
            return (mean, values.Count > 1 ? Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / (values.Count - 1)) : 0);
        }

        /// <summary>The <paramref name="q"/> quantile, interpolated linearly between order statistics.</summary>
        public static double Quantile(IEnumerable<double> values, double q)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            double position = q * (sorted.Length - 1);
            int low = (int)Math.Floor(position);
            return low + 1 < sorted.Length ? sorted[low] + (position - low) * (sorted[low + 1] - sorted[low]) : sorted[low];
        }
    }
}
