using System;

namespace MultiTask.MLNet.Data
{
    /// <summary>
    /// Weighted mean and population variance per label slot, accumulated one row at a time in double precision
    /// (West's weighted form of Welford's update), for data read once as a stream instead of held in memory.
    /// </summary>
    internal sealed class LabelMoments
    {
        private readonly double[] mean;
        private readonly double[] squares;

        public LabelMoments(int width)
        {
            mean = new double[width];
            squares = new double[width];
        }

        public double TotalWeight { get; private set; }

        public void Add(ReadOnlySpan<float> values, float weight)
        {
            if (!(weight > 0))
                return;
            TotalWeight += weight;
            double share = weight / TotalWeight;
            for (int j = 0; j < mean.Length; j++)
            {
                double before = values[j] - mean[j];
                mean[j] += share * before;
                squares[j] += weight * before * (values[j] - mean[j]);
            }
        }

        public double[] Mean => (double[])mean.Clone();

        public double[] Variance => Array.ConvertAll(squares, s => TotalWeight > 0 ? s / TotalWeight : 0);
    }
}
