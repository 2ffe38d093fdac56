using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Samples;

namespace AlternateTraining
{
    /// <summary>
    /// Two data sets about the same kind of customer: both targets depend on one hidden 3-value profile of the 8
    /// features (h = tanh(A x)), so a shared trunk can learn it from both. The sales set is large, the survey set small.
    /// </summary>
    public sealed class CustomerData
    {
        private readonly double[,] profile = new double[3, ModelInput.Inputs];
        private readonly Random random;

        public CustomerData(int seed)
        {
            random = new Random(seed);
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < ModelInput.Inputs; j++)
                    profile[i, j] = Gaussian() / Math.Sqrt(ModelInput.Inputs) * 2;
        }

        /// <summary>Sales rows: Spend labelled, churn unknown.</summary>
        public List<ModelInput> Sales(int count) => Rows(count, sales: true);

        /// <summary>Survey rows: churn labelled, spend unknown (NaN).</summary>
        public List<ModelInput> Survey(int count) => Rows(count, sales: false);

        private List<ModelInput> Rows(int count, bool sales) => Enumerable.Range(0, count).Select(_ =>
        {
            var x = Enumerable.Range(0, ModelInput.Inputs).Select(_ => (float)Gaussian()).ToArray();
            var h = Enumerable.Range(0, 3).Select(i => Math.Tanh(Enumerable.Range(0, ModelInput.Inputs).Sum(j => profile[i, j] * x[j]))).ToArray();
            double spend = 50 + 20 * h[0] - 10 * h[1] * h[2] + 3 * Gaussian();
            bool churned = 1 / (1 + Math.Exp(-(2 * h[1] - 2 * h[0] + 0.5 * Gaussian()))) > 0.5;
            return new ModelInput
            {
                Features = x,
                Spend = sales ? (float)spend : float.NaN,
                Churned = !sales && churned,
                HasChurn = !sales,
            };
        }).ToList();

        private double Gaussian() => SampleStatistics.Gaussian(random);
    }
}
