using System;
using System.Linq;

namespace MultiTask.MLNet.Model
{
    /// <summary>
    /// The standardisation of a regression task's labels: the head learns <c>(y - Mean) / Scale</c> per output slot, and
    /// the exported graph computes <c>raw * Scale + Mean</c>, so scores come out in the label's units.
    /// </summary>
    internal sealed class LabelScaling
    {
        public LabelScaling(float[] mean, float[] scale)
        {
            if (mean.Length != scale.Length)
                throw new ArgumentException("Label mean and scale must have one value per output slot.");
            if (mean.Concat(scale).Any(v => !float.IsFinite(v)) || scale.Any(s => s <= 0))
                throw new ArgumentException("Label statistics must be finite, with scales > 0.");
            Mean = mean;
            Scale = scale;
        }

        public float[] Mean { get; }
        public float[] Scale { get; }

        /// <summary>
        /// Mean and population standard deviation per slot over the rows that count in the loss, each row weighted by
        /// <paramref name="rowWeights"/> (label mask times example weight; row-major <paramref name="values"/>,
        /// <paramref name="width"/> a row), in double precision. A slot with no spread keeps scale 1. Null when no row counts.
        /// </summary>
        public static LabelScaling Of(int width, float[] values, float[] rowWeights)
        {
            var mean = new double[width];
            var squares = new double[width];
            double total = 0;
            for (int i = 0; i < rowWeights.Length; i++)
            {
                total += rowWeights[i];
                for (int j = 0; j < width && rowWeights[i] > 0; j++)
                    mean[j] += rowWeights[i] * (double)values[(long)i * width + j];
            }
            if (!(total > 0))
                return null;
            for (int j = 0; j < width; j++)
                mean[j] /= total;
            for (int i = 0; i < rowWeights.Length; i++)
                for (int j = 0; j < width && rowWeights[i] > 0; j++)
                {
                    double d = values[(long)i * width + j] - mean[j];
                    squares[j] += rowWeights[i] * d * d;
                }
            return FromMoments(mean, squares.Select(s => s / total).ToArray());
        }

        /// <summary>The scaling of per-slot label means and (population) variances; a slot with no spread keeps scale 1.</summary>
        public static LabelScaling FromMoments(double[] mean, double[] variance)
        {
            var scale = variance.Select(v => (float)Math.Sqrt(v)).Select(s => s > 0 && float.IsFinite(s) ? s : 1f).ToArray();
            return new LabelScaling(mean.Select(m => (float)m).ToArray(), scale);
        }

        /// <summary>The labels in the standardised units the head is trained on (masked rows stay 0).</summary>
        public float[] Standardize(float[] values, float[] mask)
        {
            int width = Mean.Length;
            var result = new float[values.Length];
            for (int i = 0; i < mask.Length; i++)
                if (mask[i] > 0)
                    for (int j = 0; j < width; j++)
                        result[(long)i * width + j] = (float)((values[(long)i * width + j] - (double)Mean[j]) / Scale[j]);
            return result;
        }
    }
}
