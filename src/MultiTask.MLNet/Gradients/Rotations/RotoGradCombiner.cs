using MultiTask.MLNet.Runtime;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiTask.MLNet
{
    /// <summary>
    /// RotoGrad (Javaloy and Valera, ICLR 2022): <see cref="RotateOnlyCombiner"/>'s rotations plus magnitude
    /// homogenisation of the trunk gradient: <c>sum_k gh_k / |gh_k| * S</c> with <c>S = sum_k a_k |gh_k|</c>,
    /// <c>a_k = r_k / sum_j r_j</c> and <c>r_k = |gh_k| / |gh_k|</c> at step 0 (re-based at the burn-in step): tasks whose
    /// gradients shrank least, relative to their start, weigh most. Task weights do not enter the trunk gradient.
    /// </summary>
    public class RotoGradCombiner : RotateOnlyCombiner
    {
        /// <summary>Also sets the task gradients' magnitudes itself, so it refuses a loss weighting.</summary>
        public override CombinerRequirements Requirements => base.Requirements | CombinerRequirements.OwnTaskMagnitudes;

        private double[] initialNorms;
        private long steps;

        /// <inheritdoc cref="RotateOnlyCombiner(int?, int, bool, double?)"/>
        public RotoGradCombiner(int? rotatedSize = null, int burnInPeriod = 20, bool normalizeLosses = false, double? rotationLearningRate = null)
            : base(rotatedSize, burnInPeriod, normalizeLosses, rotationLearningRate) { }

        /// <inheritdoc/>
        public override void Reset(Gradients.GradientCombinerContext context)
        {
            base.Reset(context);
            initialNorms = null;
            steps = 0;
        }

        /// <inheritdoc/>
        public override Tensor Combine(int block, Tensor taskGradients)
        {
            var norms = taskGradients.norm(1).AtLeast(1e-15);
            var values = norms.to(ScalarType.Float64).cpu().data<double>().ToArray();
            if (initialNorms == null || steps == BurnInPeriod)
                initialNorms = values;
            steps++;
            var ratios = values.Select((n, k) => n / initialNorms[k]).ToArray();
            double ratioSum = System.Math.Max(ratios.Sum(), 1e-15);
            double scale = ratios.Select((r, k) => r / ratioSum * values[k]).Sum();
            return (taskGradients / norms.unsqueeze(1)).sum(dim: 0).Times(scale);
        }
    }
}
