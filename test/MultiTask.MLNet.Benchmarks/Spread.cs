using System.Collections.Generic;
using System.Linq;

namespace MultiTask.MLNet.Benchmarks
{
    /// <summary>The median the diagnostics report (of an odd count, the middle value; of an even one, the upper middle).</summary>
    internal static class Spread
    {
        public static double Median(IEnumerable<double> values)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            return sorted[sorted.Length / 2];
        }
    }
}
