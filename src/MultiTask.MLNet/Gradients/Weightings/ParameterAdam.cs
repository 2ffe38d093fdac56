using System;

namespace MultiTask.MLNet.Gradients
{
    /// <summary>
    /// Adam (Kingma &amp; Ba, 2015) on a few double-precision parameters, with PyTorch's defaults (betas 0.9 and 0.999,
    /// epsilon 1e-8) and its L2 weight decay (added to the gradient): the optimiser of weightings that learn K numbers
    /// (log-variances, FAMO's logits), which need no tensors.
    /// </summary>
    internal sealed class ParameterAdam
    {
        private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
        private readonly double learningRate, weightDecay;
        private readonly double[] first, second;
        private int steps;

        public ParameterAdam(int count, double learningRate, double weightDecay = 0)
        {
            this.learningRate = learningRate;
            this.weightDecay = weightDecay;
            first = new double[count];
            second = new double[count];
        }

        /// <summary>One step on <paramref name="parameters"/>, in place, along <paramref name="gradient"/>.</summary>
        public void Step(double[] parameters, double[] gradient)
        {
            steps++;
            double correction1 = 1 - Math.Pow(Beta1, steps), correction2 = 1 - Math.Pow(Beta2, steps);
            for (int i = 0; i < parameters.Length; i++)
            {
                double g = gradient[i] + weightDecay * parameters[i];
                first[i] = Beta1 * first[i] + (1 - Beta1) * g;
                second[i] = Beta2 * second[i] + (1 - Beta2) * g * g;
                parameters[i] -= learningRate * (first[i] / correction1) / (Math.Sqrt(second[i] / correction2) + Epsilon);
            }
        }
    }
}
