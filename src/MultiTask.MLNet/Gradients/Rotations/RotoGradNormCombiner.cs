using MultiTask.MLNet.Runtime;
using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Gradients;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiTask.MLNet
{
    /// <summary>
    /// RotoGradNorm (Javaloy and Valera, ICLR 2022): <see cref="RotateOnlyCombiner"/>'s rotations with GradNorm-learned
    /// task weights <c>w_k = K exp(o_k) / sum_j exp(o_j)</c>. The o_k minimise
    /// <c>sum_k | w_k |gh_k| - |mean_j w_j gh_j| (Ln_k / mean Ln)^alpha |</c> (Ln: the normalised losses); the trunk follows
    /// <c>sum_k w_k gh_k</c>. The weights start equal (o = 0).
    /// </summary>
    public sealed class RotoGradNormCombiner : RotateOnlyCombiner
    {
        /// <summary>Also sets the task gradients' magnitudes itself (its learned weights), so it refuses a loss weighting.</summary>
        public override CombinerRequirements Requirements => base.Requirements | CombinerRequirements.OwnTaskMagnitudes;

        private Parameter logits;

        /// <param name="alpha">GradNorm's asymmetry alpha, >= 0.</param>
        /// <param name="rotatedSize">Rotate only the leading part of z of this size; null rotates all of z.</param>
        /// <param name="burnInPeriod">Step at which the loss normalisation is re-based; default 20.</param>
        /// <param name="normalizeLosses">Also back-propagate the normalised losses; default false.</param>
        /// <param name="rotationLearningRate">Adam learning rate of the rotations and weights; null takes the trainer's. R_k = exp(A_k - A_k^T) with a full A_k: each step of Adam moves both A_ij and A_ji, so a rotation moves about twice as far per step as in the reference implementation (which learns one triangle); to port its setting, halve the learning rate.</param>
        public RotoGradNormCombiner(double alpha, int? rotatedSize = null, int burnInPeriod = 20, bool normalizeLosses = false, double? rotationLearningRate = null)
            : base(rotatedSize, burnInPeriod, normalizeLosses, rotationLearningRate)
        {
            if (!(alpha >= 0) || double.IsInfinity(alpha))
                throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "RotoGradNorm's alpha must be a finite number >= 0.");
            Alpha = alpha;
        }

        /// <summary>GradNorm's asymmetry alpha.</summary>
        public double Alpha { get; }

        /// <inheritdoc/>
        public override void Reset(GradientCombinerContext context)
        {
            base.Reset(context);
            logits?.Dispose();
            logits = new Parameter(torch.zeros(context.TaskCount));
        }

        internal override IEnumerable<Parameter> LearnedParameters => new[] { logits };

        internal override IReadOnlyList<float> CurrentWeights
        {
            get
            {
                using var scope = torch.NewDisposeScope();
                using var noGrad = torch.no_grad();
                return Weights().cpu().data<float>().ToArray();
            }
        }

        /// <inheritdoc/>
        public override Tensor Combine(int block, Tensor taskGradients)
        {
            using var noGrad = torch.no_grad();
            var w = Weights().to(taskGradients.device).unsqueeze(1);
            return (w * taskGradients).sum(dim: 0);
        }

        internal override Tensor LearnedParametersLoss(Tensor atZ)
        {
            var flat = atZ.flatten(1);
            var w = Weights().to(flat.device);
            var norms = flat.norm(1);
            var meanNorm = (w.detach().unsqueeze(1) * flat).sum(dim: 0).DividedBy(Context.TaskCount).norm().detach();
            var losses = NormalizedLosses;
            double meanLoss = losses.Average();
            var targets = torch.tensor(losses.Select(l => (float)Math.Pow(meanLoss > 0 ? l / meanLoss : 1, Alpha)).ToArray()).to(flat.device) * meanNorm;
            return (w * norms - targets).abs().sum();
        }

        private Tensor Weights()
        {
            var e = logits.exp().PlusConstant(1e-15);
            using var count = torch.tensor((float)Context.TaskCount, device: e.device);
            return e * count.div(e.sum());
        }
    }
}
