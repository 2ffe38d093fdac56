using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MultiTask.MLNet.Benchmarks
{
    /// <summary>
    /// Synthetic data written to an ML.NET binary <c>.idv</c> file row by row, so files larger than memory can be made:
    /// 100 uniform features and three smooth regression targets T0..T2 (as in <see cref="BenchmarkData"/>).
    /// </summary>
    public static class IdvFile
    {
        public const int Inputs = 100;
        public const int Tasks = 3;

        /// <summary>Writes <paramref name="rows"/> rows to <paramref name="path"/> unless a file of that size is there.</summary>
        public static string Ensure(MLContext ml, string path, long rows)
        {
            if (File.Exists(path) && ml.Data.LoadFromBinary(path).GetRowCount() == rows)
                return path;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path)));
            string partial = path + ".partial";
            using (var stream = File.Create(partial))
                ml.Data.SaveAsBinary(ml.Data.LoadFromEnumerable(Generate(rows)), stream, keepHidden: false);
            File.Move(partial, path, overwrite: true);
            return path;
        }

        public static List<TaskSpec> TaskSpecs() => Enumerable.Range(0, Tasks).Select(k => TaskSpec.Regression($"T{k}")).ToList();

        private static IEnumerable<Row> Generate(long rows)
        {
            var random = new Random(1);
            for (long i = 0; i < rows; i++)
            {
                var x = new float[Inputs];
                for (int j = 0; j < Inputs; j++)
                    x[j] = (float)random.NextDouble();
                float Target(int k) => (float)Math.Tanh(2 * x[k % Inputs] - x[(k + 1) % Inputs] + 0.5 * x[(k + 7) % Inputs] * x[(k + 11) % Inputs]);
                yield return new Row { Features = x, T0 = Target(0), T1 = Target(1), T2 = Target(2) };
            }
        }

        private sealed class Row
        {
            [VectorType(Inputs)] public float[] Features { get; set; }
            public float T0 { get; set; }
            public float T1 { get; set; }
            public float T2 { get; set; }
        }
    }
}
