using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using MultiTask.MLNet.Samples;

namespace GradientSurgery
{
    /// <summary>How the auxiliary task relates to the primary one (seed 000).</summary>
    public enum Situation
    {
        /// <summary>The auxiliary labels come from the primary task's own function, on other rows.</summary>
        Same,

        /// <summary>From a noisy copy of the primary's matrix: B + 3.5 N(0, 1).</summary>
        Similar,

        /// <summary>From an independent matrix.</summary>
        Unrelated,
    }

    /// <summary>
    /// Seed 000's data: x ~ U[0,1]^250, y = tanh(x B) with B ~ 10 N(0,1)^(250x100). The primary task has its own
    /// training rows; the auxiliary task has other rows, labelled by B (same), B + 3.5 N(0,1) (similar) or an
    /// independent B' (unrelated). Validation and test rows carry primary labels only.
    /// </summary>
    public sealed class SyntheticTasks
    {
        private readonly float[,] b, similar, unrelated;
        private readonly Random random;

        public SyntheticTasks(int seed)
        {
            random = new Random(seed);
            b = Matrix(() => 10 * Gaussian());
            unrelated = Matrix(() => 10 * Gaussian());
            similar = Matrix(() => 0);
            for (int i = 0; i < ModelInput.Inputs; i++)
                for (int j = 0; j < ModelInput.Outputs; j++)
                    similar[i, j] = b[i, j] + 3.5f * (float)Gaussian();
        }

        public List<ModelInput> PrimaryRows(int count) => Rows(count, b, primary: true);

        public List<ModelInput> AuxiliaryRows(int count, Situation situation)
            => Rows(count, situation switch { Situation.Same => b, Situation.Similar => similar, _ => unrelated }, primary: false);

        private List<ModelInput> Rows(int count, float[,] matrix, bool primary)
        {
            var missing = Enumerable.Repeat(float.NaN, ModelInput.Outputs).ToArray();
            return Enumerable.Range(0, count).Select(_ =>
            {
                var x = Enumerable.Range(0, ModelInput.Inputs).Select(_ => (float)random.NextDouble()).ToArray();
                var y = Apply(x, matrix);
                return new ModelInput { Features = x, Primary = primary ? y : missing, Auxiliary = primary ? missing : y };
            }).ToList();
        }

        private static float[] Apply(float[] x, float[,] matrix)
        {
            var y = new float[ModelInput.Outputs];
            for (int j = 0; j < y.Length; j++)
            {
                double sum = 0;
                for (int i = 0; i < x.Length; i++)
                    sum += x[i] * matrix[i, j];
                y[j] = (float)Math.Tanh(sum);
            }
            return y;
        }

        private float[,] Matrix(Func<double> draw)
        {
            var m = new float[ModelInput.Inputs, ModelInput.Outputs];
            for (int i = 0; i < ModelInput.Inputs; i++)
                for (int j = 0; j < ModelInput.Outputs; j++)
                    m[i, j] = (float)draw();
            return m;
        }

        private double Gaussian() => SampleStatistics.Gaussian(random);
    }
}
