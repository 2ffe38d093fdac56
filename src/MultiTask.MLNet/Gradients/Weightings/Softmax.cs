using System;
using System.Linq;

namespace MultiTask.MLNet.Gradients
{
    /// <summary>The softmax of a few numbers in double precision, shifted by their maximum so that no exponential overflows.</summary>
    internal static class Softmax
    {
        public static double[] Of(double[] values)
        {
            double max = values.Max();
            var exponentials = values.Select(v => Math.Exp(v - max)).ToArray();
            double total = exponentials.Sum();
            return exponentials.Select(e => e / total).ToArray();
        }
    }
}
