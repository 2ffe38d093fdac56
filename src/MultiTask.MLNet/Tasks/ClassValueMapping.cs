using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;

namespace MultiTask.MLNet.Tasks
{
    /// <summary>
    /// MapValue from a 0-based class index (Single) to the class's value, whatever the value type. A NaN index (a row
    /// that could not be scored) maps to <see cref="ClassValues.Missing"/>, a value that is no class, which the following
    /// MapValueToKey turns into the missing key.
    /// </summary>
    internal static class ClassValueMapping
    {
        public static IEstimator<ITransformer> Create(MLContext ml, string output, string input, ClassValues classes) => classes.Values switch
        {
            string[] s => Map(ml, output, input, s, (string)classes.Missing),
            float[] f => Map(ml, output, input, f, (float)classes.Missing),
            double[] d => Map(ml, output, input, d, (double)classes.Missing),
            int[] i => Map(ml, output, input, i, (int)classes.Missing),
            long[] l => Map(ml, output, input, l, (long)classes.Missing),
            _ => throw new ArgumentOutOfRangeException(nameof(classes)),
        };

        private static IEstimator<ITransformer> Map<T>(MLContext ml, string output, string input, T[] values, T missing)
            => ml.Transforms.Conversion.MapValue(output,
                values.Select((v, i) => new KeyValuePair<float, T>(i, v)).Append(new KeyValuePair<float, T>(float.NaN, missing)), input);
    }
}
