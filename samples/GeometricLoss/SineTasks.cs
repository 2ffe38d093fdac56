using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace GeometricLoss
{
    /// <summary>Seed 004's two five-task problems on x ~ U[0, 1].</summary>
    public enum Experiment
    {
        /// <summary>y_i = sin(2 pi x) + N(0, (0.1 * 2^i)^2): one curve, increasingly noisy copies.</summary>
        Hetero,

        /// <summary>y_i = sin((2x + i/5) pi): five phase-shifted curves, no noise.</summary>
        Phase,
    }

    /// <summary>One row: x, the five noisy targets, and the five noiseless curves the test MSE is measured against.</summary>
    public sealed class SineRow
    {
        public const int Tasks = 5;

        [VectorType(1)] public float[] Features { get; set; }
        public float Y0 { get; set; }
        public float Y1 { get; set; }
        public float Y2 { get; set; }
        public float Y3 { get; set; }
        public float Y4 { get; set; }
        [NoColumn] public float[] Truth { get; set; }

        public static readonly string[] TaskColumns = { nameof(Y0), nameof(Y1), nameof(Y2), nameof(Y3), nameof(Y4) };

        public float Target(int task) => task switch { 0 => Y0, 1 => Y1, 2 => Y2, 3 => Y3, _ => Y4 };
    }

    /// <summary>Draws a data set of <see cref="Experiment"/> and splits it 1:9:10 (train, early stopping, test).</summary>
    public static class SineTasks
    {
        public static (List<SineRow> Train, List<SineRow> Stop, List<SineRow> Test) Draw(Experiment experiment, int rows, Random random)
        {
            var all = Enumerable.Range(0, rows).Select(_ => Row(experiment, random)).ToList();
            int train = rows / 20, stop = rows * 9 / 20;
            return (all.Take(train).ToList(), all.Skip(train).Take(stop).ToList(), all.Skip(train + stop).ToList());
        }

        private static SineRow Row(Experiment experiment, Random random)
        {
            double x = random.NextDouble();
            var truth = Enumerable.Range(0, SineRow.Tasks).Select(i => experiment == Experiment.Hetero
                ? Math.Sin(2 * Math.PI * x)
                : Math.Sin((2 * x + i / (double)SineRow.Tasks) * Math.PI)).ToArray();
            var y = truth.Select((t, i) => experiment == Experiment.Hetero ? t + 0.1 * Math.Pow(2, i) * Gaussian(random) : t).ToArray();
            return new SineRow
            {
                Features = new[] { (float)x },
                Y0 = (float)y[0], Y1 = (float)y[1], Y2 = (float)y[2], Y3 = (float)y[3], Y4 = (float)y[4],
                Truth = truth.Select(t => (float)t).ToArray(),
            };
        }

        private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
