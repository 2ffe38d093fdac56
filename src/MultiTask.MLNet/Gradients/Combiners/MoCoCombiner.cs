using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Gradients;
using MultiTask.MLNet.Runtime;
using TorchSharp;

namespace MultiTask.MLNet
{
    /// <summary>
    /// MoCo (Fernando et al., "Mitigating Gradient Bias in Multi-objective Learning: A Provably Convergent Approach",
    /// ICLR 2023): tracks each task's gradient with a moving average y_k of <c>L_k g_k / (|g_k| + 1e-8)</c>
    /// (<c>y = y - (Beta / t^BetaSigma) (y - g)</c>) and its weights lambda by a projected step on the tracked Gram matrix
    /// (<c>lambda = softmax(lambda - (Gamma / t^GammaSigma) (y y^T + Rho I) lambda)</c>); the update is <c>y^T lambda</c>.
    /// State per block: y (K x P), lambda (starting 1/K) and the step count, reset every Fit (native memory freed after it).
    /// </summary>
    public sealed class MoCoCombiner : IGradientCombiner, IDisposable
    {
        private readonly BlockTensors tracked = new BlockTensors();
        private readonly Dictionary<int, (int Step, double[] Lambda)> state = new Dictionary<int, (int, double[])>();
        private GradientCombinerContext context;

        /// <summary>Step size of the gradient tracking. Default 0.5 (LibMTL); range (0, 1].</summary>
        public double Beta { get; }

        /// <summary>Decay of the tracking step over steps. Default 0.5 (LibMTL); range [0, 10].</summary>
        public double BetaSigma { get; }

        /// <summary>Step size of the weights. Default 0.1 (LibMTL); range (0, 100].</summary>
        public double Gamma { get; }

        /// <summary>Decay of the weights' step over steps. Default 0.5 (LibMTL); range [0, 10].</summary>
        public double GammaSigma { get; }

        /// <summary>Regularisation of the tracked Gram matrix. Default 0 (LibMTL); range [0, 100].</summary>
        public double Rho { get; }

        /// <param name="beta">See <see cref="Beta"/>.</param>
        /// <param name="betaSigma">See <see cref="BetaSigma"/>.</param>
        /// <param name="gamma">See <see cref="Gamma"/>.</param>
        /// <param name="gammaSigma">See <see cref="GammaSigma"/>.</param>
        /// <param name="rho">See <see cref="Rho"/>.</param>
        public MoCoCombiner(double beta = 0.5, double betaSigma = 0.5, double gamma = 0.1, double gammaSigma = 0.5, double rho = 0)
        {
            Require(beta > 0 && beta <= 1, nameof(beta), beta, "(0, 1]");
            Require(betaSigma >= 0 && betaSigma <= 10, nameof(betaSigma), betaSigma, "[0, 10]");
            Require(gamma > 0 && gamma <= 100, nameof(gamma), gamma, "(0, 100]");
            Require(gammaSigma >= 0 && gammaSigma <= 10, nameof(gammaSigma), gammaSigma, "[0, 10]");
            Require(rho >= 0 && rho <= 100, nameof(rho), rho, "[0, 100]");
            (Beta, BetaSigma, Gamma, GammaSigma, Rho) = (beta, betaSigma, gamma, gammaSigma, rho);
        }

        private static void Require(bool ok, string name, double value, string range)
        {
            if (!ok)
                throw new ArgumentOutOfRangeException(name, value, $"MoCo's {name} must be in {range}.");
        }

        /// <inheritdoc/>
        public void Reset(GradientCombinerContext context)
        {
            this.context = context;
            Dispose();
        }

        /// <summary>Frees the tracked gradients (native memory); the trainer calls it after every Fit. The combiner stays usable.</summary>
        public void Dispose()
        {
            tracked.Dispose();
            state.Clear();
        }

        /// <inheritdoc/>
        public torch.Tensor Combine(int block, torch.Tensor taskGradients)
        {
            int k = context.TaskCount;
            var (previousStep, lambda) = state.TryGetValue(block, out var s) ? s : (0, Gram.Uniform(k));
            int t = previousStep + 1;
            var losses = context.TaskLosses;
            var scales = taskGradients.norm(1, keepdim: true).PlusConstant(1e-8);
            var lossColumn = torch.tensor(losses.Select((l, i) => (float)(context.TaskWeights[i] * l)).ToArray(), new long[] { k, 1 })
                .to_type(taskGradients.dtype).to(taskGradients.device);
            var normalized = taskGradients.div(scales).mul(lossColumn);
            double step = Beta / Math.Pow(t, BetaSigma);
            var y = tracked.Set(block, tracked.TryGet(block, out var y0) ? y0.Plus(normalized.Plus(y0.Times(-1)).Times(step)) : normalized.Times(step));
            var gram = y.to_type(torch.ScalarType.Float64).matmul(y.to_type(torch.ScalarType.Float64).t()).cpu().data<double>().ToArray();
            double rate = Gamma / Math.Pow(t, GammaSigma);
            var moved = Enumerable.Range(0, k).Select(i => lambda[i] - rate * (Enumerable.Range(0, k).Sum(j => gram[i * k + j] * lambda[j]) + Rho * lambda[i])).ToArray();
            lambda = Softmax.Of(moved);
            state[block] = (t, lambda);
            context.RecordWeights(lambda);
            var weights = torch.tensor(lambda.Select(v => (float)v).ToArray(), new long[] { 1, k }).to_type(y.dtype).to(y.device);
            return weights.matmul(y).squeeze(0);
        }
    }
}
