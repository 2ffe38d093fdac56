using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using MultiTask.MLNet.Tasks;

namespace MultiTask.MLNet.Scoring
{
    /// <summary>MapValue from a 0-based class index (Single) to the class's value, whatever the value type.</summary>
    internal static class ClassValueMapping
    {
        public static IEstimator<ITransformer> Create(MLContext ml, string output, string input, ClassValues classes) => classes.Values switch
        {
            string[] s => Map(ml, output, input, s),
            float[] f => Map(ml, output, input, f),
            double[] d => Map(ml, output, input, d),
            int[] i => Map(ml, output, input, i),
            long[] l => Map(ml, output, input, l),
            _ => throw new ArgumentOutOfRangeException(nameof(classes)),
        };

        private static IEstimator<ITransformer> Map<T>(MLContext ml, string output, string input, T[] values)
            => ml.Transforms.Conversion.MapValue(output, values.Select((v, i) => new KeyValuePair<float, T>(i, v)), input);
    }
}
