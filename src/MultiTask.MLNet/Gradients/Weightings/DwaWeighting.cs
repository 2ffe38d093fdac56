using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Gradients;

namespace MultiTask.MLNet
{
    /// <summary>
    /// Dynamic weight average, DWA (Liu, Johns &amp; Davison, "End-to-End Multi-Task Learning with Attention", CVPR 2019):
    /// a task whose loss fell less over the last epoch gets more weight. With <c>r_k</c> the ratio of task k's mean
    /// training loss in the previous two epochs, <c>w = K softmax(r / Temperature)</c>; the first two epochs use w = 1.
    /// Weights are multiplied by each task's <see cref="TaskSpec.Weight"/>. State: the epochs' mean losses, reset every Fit.
    /// </summary>
    public sealed class DwaWeighting : ILossWeighting
    {
        private LossWeightingContext context;
        private readonly List<double[]> epochMeans = new List<double[]>();
        private double[] sums;
        private int count, epoch;

        /// <summary>The softmax temperature T. Default 2 (the paper, LibMTL); range (0, 1e6].</summary>
        public double Temperature { get; }

        /// <param name="temperature">See <see cref="Temperature"/>.</param>
        public DwaWeighting(double temperature = 2)
        {
            if (!(temperature > 0 && temperature <= 1e6))
                throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "DWA's temperature must be in (0, 1e6].");
            Temperature = temperature;
        }

        /// <inheritdoc/>
        public bool NeedsGradientNorms => false;

        /// <inheritdoc/>
        public void Reset(LossWeightingContext context)
        {
            this.context = context;
            epochMeans.Clear();
            sums = new double[context.TaskCount];
            count = 0;
            epoch = 0;
        }

        /// <inheritdoc/>
        public IReadOnlyList<float> Weights(LossWeightingInputs inputs)
        {
            if (inputs.Epoch != epoch)
                CloseEpochs(inputs.Epoch);
            for (int k = 0; k < sums.Length; k++)
                sums[k] += inputs.Losses[k];
            count++;
            if (epochMeans.Count < 2)
                return context.TaskWeights.ToArray();
            var last = epochMeans[^1];
            var before = epochMeans[^2];
            var ratios = last.Select((l, k) => l / before[k] / Temperature).ToArray();
            return Softmax.Of(ratios).Select((w, k) => (float)(context.TaskWeights[k] * context.TaskCount * w)).ToArray();
        }

        // The epoch just finished becomes its mean.
        private void CloseEpochs(int next)
        {
            if (count > 0)
                epochMeans.Add(sums.Select(s => s / count).ToArray());
            sums = new double[sums.Length];
            count = 0;
            epoch = next;
        }
    }
}
