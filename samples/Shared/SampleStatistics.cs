using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MultiTask.MLNet.Samples
{
    /// <summary>The summaries the samples report (mean and standard deviation, quantiles) and the normal draws their data use.</summary>
    public static class SampleStatistics
    {
        /// <summary>Mean and sample standard deviation (0 for a single value).</summary>
        public static (double Mean, double Sd) MeanSd(IReadOnlyList<double> values)
        {
            double mean = values.Average();
            return (mean, values.Count > 1 ? Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / (values.Count - 1)) : 0);
        }

        /// <summary>"mean +- sd" of <paramref name="values"/>, each in <paramref name="format"/>, invariant culture.</summary>
        public static string MeanSdText(IReadOnlyList<double> values, string format)
        {
            var (mean, sd) = MeanSd(values);
            return $"{mean.ToString(format, CultureInfo.InvariantCulture)} +- {sd.ToString(format, CultureInfo.InvariantCulture)}";
        }

        /// <summary>A standard normal draw (Box-Muller) from <paramref name="random"/>.</summary>
        public static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

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
