using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Gradients;
using MultiTask.MLNet.Runtime;
using TorchSharp;

namespace MultiTask.MLNet
{
    /// <summary>
    /// ExcessMTL (He et al., "Robust Multi-Task Learning with Excess Risks", ICML 2024), as LibMTL and the official code
    /// run it: each task's excess risk is estimated from its gradients on the shared parameters, with AdaGrad's running
    /// sum of squares S (<c>S += g^2</c>, <c>e_k = sum_p g_kp^2 / sqrt(S_kp + 1e-7)</c>); the first step stores e as the
    /// baseline b and keeps the weights at 1; later steps multiply them by <c>exp(StepSize e_k / b_k)</c> and renormalise
    /// them to sum K, so the tasks farthest from their best get more weight. Weights multiply each task's
    /// <see cref="TaskSpec.Weight"/>. Costs one backward pass per task per step. State: S, b and the weights, reset every Fit
    /// (native memory freed after it).
    /// </summary>
    public sealed class ExcessMtlWeighting : ILossWeighting, IDisposable
    {
        private LossWeightingContext context;
        private readonly BlockTensors squares = new BlockTensors();
        private double[] baseline, weights;

        /// <summary>The robust step size eta. Default 0.01 (LibMTL; TorchJD uses 1 with another normalisation); range (0, 100].</summary>
        public double StepSize { get; }

        /// <param name="stepSize">See <see cref="StepSize"/>.</param>
        public ExcessMtlWeighting(double stepSize = 1e-2)
        {
            if (!(stepSize > 0 && stepSize <= 100))
                throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "ExcessMTL's step size must be in (0, 100].");
            StepSize = stepSize;
        }

        /// <inheritdoc/>
        public bool NeedsGradientNorms => false;

        /// <inheritdoc/>
        public bool NeedsTaskGradients => true;

        /// <inheritdoc/>
        public void Reset(LossWeightingContext context)
        {
            this.context = context;
            Dispose();
            weights = Enumerable.Repeat(1.0, context.TaskCount).ToArray();
        }

        /// <summary>Frees the running sums (native memory); the trainer calls it after every Fit. The weighting stays usable.</summary>
        public void Dispose()
        {
            squares.Dispose();
            baseline = null;
        }

        /// <inheritdoc/>
        public IReadOnlyList<float> Weights(LossWeightingInputs inputs)
        {
            var g = inputs.TaskGradients.detach().to_type(torch.ScalarType.Float64);
            var squared = g.mul(g);
            var sums = squares.Set(0, squares.TryGet(0, out var previous) ? previous.Plus(squared) : squared);
            var excess = squared.div(sums.PlusConstant(1e-7).sqrt()).sum(dim: 1).cpu().data<double>().ToArray();
            if (baseline == null)
                baseline = excess;
            else
            {
                // A task without gradient at the first step (no labelled row in its batch) takes its baseline later.
                for (int k = 0; k < baseline.Length; k++)
                    if (baseline[k] == 0)
                        baseline[k] = excess[k];
                var moved = weights.Select((w, k) => w * Math.Exp(baseline[k] > 0 ? StepSize * excess[k] / baseline[k] : 0)).ToArray();
                double total = moved.Sum();
                weights = moved.Select(w => w * context.TaskCount / total).ToArray();
            }
            return weights.Select((w, k) => (float)(context.TaskWeights[k] * w)).ToArray();
        }
    }
}
