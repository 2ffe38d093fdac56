using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Training
{
    /// <summary>
    /// Adam (Kingma and Ba, ICLR 2015), the same arithmetic in the same order as TorchSharp's <c>torch.optim.Adam</c> (so a
    /// seed trains the same network), but with every Scalar held until LibTorch has used it (see <see cref="Runtime.ExplicitScalars"/>):
    /// TorchSharp's own Adam passes five implicit Scalars per parameter and step. A parameter without a gradient is skipped
    /// and keeps its step count, as there.
    /// </summary>
    internal sealed class AdamOptimizer : IDisposable
    {
        private readonly Parameter[] parameters;
        private readonly Tensor[] means, squares;
        private readonly long[] steps;
        private readonly double learningRate, beta1, beta2, epsilon;

        public AdamOptimizer(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        {
            this.parameters = parameters.ToArray();
            this.learningRate = learningRate;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.epsilon = epsilon;
            means = this.parameters.Select(p => torch.zeros_like(p).DetachFromDisposeScope()).ToArray();
            squares = this.parameters.Select(p => torch.zeros_like(p).DetachFromDisposeScope()).ToArray();
            steps = new long[this.parameters.Length];
        }

        /// <summary>Sets every existing gradient to zero (a cleared gradient stays cleared).</summary>
        public void ZeroGrad()
        {
            foreach (var parameter in parameters)
            {
                using var grad = parameter.grad;
                grad?.zero_();
            }
        }

        /// <summary>One Adam update of every parameter that has a gradient.</summary>
        public void Step()
        {
            using var noGrad = torch.no_grad();
            using var decay1 = beta1.ToScalar();
            using var keep1 = (1 - beta1).ToScalar();
            using var decay2 = beta2.ToScalar();
            using var keep2 = (1 - beta2).ToScalar();
            using var eps = epsilon.ToScalar();
            // The bias corrections depend only on the step count, which parameters share unless one had no gradient:
            // made once per count rather than once per parameter (two native Scalars each).
            long madeFor = -1;
            Scalar correction2 = null, stepSize = null;
            try
            {
                for (int i = 0; i < parameters.Length; i++)
                {
                    using var grad = parameters[i].grad;
                    if (grad is null)
                        continue;
                    if (++steps[i] != madeFor)
                    {
                        correction2?.Dispose();
                        stepSize?.Dispose();
                        correction2 = Math.Sqrt(1 - Math.Pow(beta2, steps[i])).ToScalar();
                        stepSize = (-learningRate / (1 - Math.Pow(beta1, steps[i]))).ToScalar();
                        madeFor = steps[i];
                    }
                    means[i].mul_(decay1).add_(grad, keep1);
                    squares[i].mul_(decay2).addcmul_(grad, grad, keep2);
                    using var denominator = squares[i].sqrt();
                    denominator.div_(correction2).add_(eps, ExplicitScalars.One);
                    parameters[i].addcdiv_(means[i], denominator, stepSize);
                }
            }
            finally
            {
                correction2?.Dispose();
                stepSize?.Dispose();
            }
        }

        public void Dispose()
        {
            foreach (var t in means.Concat(squares))
                t.Dispose();
        }
    }
}
