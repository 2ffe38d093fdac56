using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Samples;

namespace TaskRelatedness
{
    /// <summary>
    /// The synthetic data of Ma et al., "Modeling Task Relationships in Multi-task Learning with Multi-gate
    /// Mixture-of-Experts" (KDD 2018), section 3.2: two orthogonal unit vectors u1, u2; weights w1 = c u1 and
    /// w2 = c (p u1 + sqrt(1 - p^2) u2), so that cos(w1, w2) = p; x ~ N(0, I);
    /// y_k = w_k.x + sum_{i=1..m} sin(alpha_i w_k.x + beta_i) + e_k with e_k ~ N(0, 0.01); c = 1, m = 10.
    /// The paper leaves alpha_i and beta_i as given parameters: here they are drawn once from N(0, 1) (seed 2018) and shared
    /// by every data set, so that the label functions keep one shape and only p changes how the tasks relate. Each instance is
    /// one data set: its own unit vectors and rows.
    /// </summary>
    public sealed class RelatedTasks
    {
        public const double Scale = 1;
        public const int SineTerms = 10;
        public const double NoiseSd = 0.1;

        private static readonly double[] Alpha;
        private static readonly double[] Beta;

        private readonly Random random;
        private readonly double[] w1;
        private readonly double[] w2;

        static RelatedTasks()
        {
            var shape = new Random(2018);
            Alpha = Enumerable.Range(0, SineTerms).Select(_ => SampleStatistics.Gaussian(shape)).ToArray();
            Beta = Enumerable.Range(0, SineTerms).Select(_ => SampleStatistics.Gaussian(shape)).ToArray();
        }

        public RelatedTasks(double correlation, int seed)
        {
            if (!(correlation >= -1 && correlation <= 1))
                throw new ArgumentOutOfRangeException(nameof(correlation), $"The correlation must be in [-1, 1], got {correlation}.");
            Correlation = correlation;
            random = new Random(seed);
            var u1 = Unit(Vector());
            var u2 = Vector();
            double along = Dot(u2, u1);
            u2 = Unit(u2.Select((v, i) => v - along * u1[i]).ToArray());
            w1 = u1.Select(v => Scale * v).ToArray();
            w2 = u1.Select((v, i) => Scale * (correlation * v + Math.Sqrt(1 - correlation * correlation) * u2[i])).ToArray();
        }

        /// <summary>p, the cosine between the two tasks' weight vectors.</summary>
        public double Correlation { get; }

        /// <summary>
        /// A training set and a test set; Above is Y1 above the training rows' median (so about half the training rows are
        /// positive, and the test rows use the same threshold).
        /// </summary>
        public (List<ModelInput> Train, List<ModelInput> Test) Draw(int trainRows, int testRows)
        {
            var train = Rows(trainRows);
            var test = Rows(testRows);
            double median = SampleStatistics.Quantile(train.Select(r => (double)r.Y1), 0.5);
            foreach (var row in train.Concat(test))
                row.Above = row.Y1 > median;
            return (train, test);
        }

        private List<ModelInput> Rows(int count) => Enumerable.Range(0, count).Select(_ =>
        {
            var x = Vector();
            return new ModelInput
            {
                Features = x.Select(v => (float)v).ToArray(),
                Y1 = (float)Label(w1, x),
                Y2 = (float)Label(w2, x),
            };
        }).ToList();

        private double Label(double[] w, double[] x)
        {
            double z = Dot(w, x);
            return z + Alpha.Select((a, i) => Math.Sin(a * z + Beta[i])).Sum() + NoiseSd * SampleStatistics.Gaussian(random);
        }

        private double[] Vector() => Enumerable.Range(0, ModelInput.Dimensions).Select(_ => SampleStatistics.Gaussian(random)).ToArray();

        private static double Dot(double[] a, double[] b) => a.Select((v, i) => v * b[i]).Sum();

        private static double[] Unit(double[] v)
        {
            double norm = Math.Sqrt(Dot(v, v));
            return v.Select(x => x / norm).ToArray();
        }
    }
}
