using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Samples;

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

    /// <summary>Draws a data set of <see cref="Experiment"/> and splits it 1:9:10 (train, early stopping, test).</summary>
    public static class SineTasks
    {
        public static (List<ModelInput> Train, List<ModelInput> Stop, List<ModelInput> Test) Draw(Experiment experiment, int rows, Random random)
        {
            var all = Enumerable.Range(0, rows).Select(_ => Row(experiment, random)).ToList();
            int train = rows / 20, stop = rows * 9 / 20;
            return (all.Take(train).ToList(), all.Skip(train).Take(stop).ToList(), all.Skip(train + stop).ToList());
        }

        /// <summary>Task k's noiseless curve at <paramref name="x"/>.</summary>
        public static double Truth(Experiment experiment, double x, int k) => experiment == Experiment.Hetero
            ? Math.Sin(2 * Math.PI * x)
            : Math.Sin((2 * x + k / (double)ModelInput.Tasks) * Math.PI);

        public static double[] Truth(Experiment experiment, double[] x, int k) => x.Select(v => Truth(experiment, v, k)).ToArray();

        private static ModelInput Row(Experiment experiment, Random random)
        {
            double x = random.NextDouble();
            var truth = Enumerable.Range(0, ModelInput.Tasks).Select(i => Truth(experiment, x, i)).ToArray();
            var y = truth.Select((t, i) => experiment == Experiment.Hetero ? t + 0.1 * Math.Pow(2, i) * SampleStatistics.Gaussian(random) : t).ToArray();
            return new ModelInput
            {
                Features = new[] { (float)x },
                Y0 = (float)y[0], Y1 = (float)y[1], Y2 = (float)y[2], Y3 = (float)y[3], Y4 = (float)y[4],
                Truth = truth.Select(t => (float)t).ToArray(),
            };
        }

    }
}
