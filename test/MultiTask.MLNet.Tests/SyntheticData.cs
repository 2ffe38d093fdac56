using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MultiTask.MLNet.Tests
{
    /// <summary>A row with one target of every kind, all learnable from the features.</summary>
    public sealed class HouseRow
    {
        [VectorType(4)] public float[] Features { get; set; }
        public float Price { get; set; }
        public bool IsLuxury { get; set; }
        public string Category { get; set; }
        [VectorType(2)] public float[] Both { get; set; }
        public float Weight { get; set; }
    }

    /// <summary>Deterministic synthetic data: price is a smooth function of the features, classes are regions.</summary>
    public static class SyntheticData
    {
        public static readonly string[] Categories = { "flat", "house", "villa" };

        public static List<HouseRow> Rows(int count, int seed)
        {
            var random = new Random(seed);
            var rows = new List<HouseRow>(count);
            for (int i = 0; i < count; i++)
            {
                var x = Enumerable.Range(0, 4).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray();
                float price = 2 * x[0] - x[1] + 0.5f * x[2] * x[3] + 0.05f * (float)(random.NextDouble() - 0.5);
                int category = x[0] + x[1] < -0.5f ? 0 : x[0] + x[1] < 0.5f ? 1 : 2;
                rows.Add(new HouseRow
                {
                    Features = x,
                    Price = price,
                    IsLuxury = x[2] - 0.5f * x[3] > 0,
                    Category = Categories[category],
                    Both = new[] { price, x[2] * x[2] },
                    Weight = 1,
                });
            }
            return rows;
        }

        /// <summary>The rows as an IDataView whose Category is a key (with text KeyValues), as MapValueToKey makes it.</summary>
        public static IDataView Load(MLContext ml, int count, int seed) => Keyed(ml, Rows(count, seed));

        /// <summary>Given rows as an IDataView whose Category is a key (with text KeyValues).</summary>
        public static IDataView Keyed(MLContext ml, IEnumerable<HouseRow> rows)
        {
            var raw = ml.Data.LoadFromEnumerable(rows);
            var keyed = ml.Transforms.Conversion.MapValueToKey("Category", keyData: ml.Data.LoadFromEnumerable(
                Categories.Select(c => new CategoryRow { Category = c })));
            return keyed.Fit(raw).Transform(raw);
        }

        private sealed class CategoryRow
        {
            public string Category { get; set; }
        }
    }
}
