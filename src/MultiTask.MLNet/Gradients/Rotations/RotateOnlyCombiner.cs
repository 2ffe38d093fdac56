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
    /// RotateOnly (Javaloy and Valera, "RotoGrad", ICLR 2022): every task k gets a learned rotation R_k of the shared
    /// representation z (head k sees R_k z). Rotations learn to align the task gradients: with g_k the gradient at head
    /// k's rotated input and gh_k = R_k^T g_k the same gradient at z, the reference m is the mean of the gh_k after each
    /// is rescaled to the norm of their plain mean, and R_k minimises the mean over rows of |R_k m - g_k|^2. The trunk
    /// follows <c>sum_k w_k gh_k</c>. Works at the representation level (set by the trainer). Scoring folds R_k into
    /// head k's first layer, so saved and exported models apply it with no extra machinery.
    /// </summary>
    public class RotateOnlyCombiner : IGradientCombiner
    {
        /// <summary>
        /// Rotations compare the task gradients at one representation shared by every task, on the same rows.
        /// </summary>
        public virtual CombinerRequirements Requirements => CombinerRequirements.SharedBatch | CombinerRequirements.SharedRepresentation;

        private double[] initialLosses;
        private long losses;

        /// <summary>Creates the rule.</summary>
        /// <param name="rotatedSize">Rotate only the leading part of z of this size; null (default) rotates all of z.</param>
        /// <param name="burnInPeriod">Step at which the loss normalisation is re-based (losses are divided by their value at step 0, then at this step); >= 0, default 20.</param>
        /// <param name="normalizeLosses">Also back-propagate the normalised losses (not only measure them); default false.</param>
        /// <param name="rotationLearningRate">Adam learning rate of the rotations (and learned weights), > 0; null (default) takes the trainer's. R_k = exp(A_k - A_k^T) with a full A_k: each step of Adam moves both A_ij and A_ji, so a rotation moves about twice as far per step as in the reference implementation (which learns one triangle); to port its setting, halve the learning rate.</param>
        public RotateOnlyCombiner(int? rotatedSize = null, int burnInPeriod = 20, bool normalizeLosses = false, double? rotationLearningRate = null)
        {
            if (rotatedSize.HasValue && rotatedSize < 1)
                throw new ArgumentOutOfRangeException(nameof(rotatedSize), rotatedSize, "The rotated size must be null (all of z) or >= 1.");
            if (burnInPeriod < 0)
                throw new ArgumentOutOfRangeException(nameof(burnInPeriod), burnInPeriod, "The burn-in period must be >= 0.");
            if (rotationLearningRate.HasValue && !(rotationLearningRate > 0))
                throw new ArgumentOutOfRangeException(nameof(rotationLearningRate), rotationLearningRate, "The rotation learning rate must be > 0.");
            RotatedSize = rotatedSize;
            BurnInPeriod = burnInPeriod;
            NormalizeLosses = normalizeLosses;
            RotationLearningRate = rotationLearningRate;
        }

        /// <summary>Size of z's rotated leading part; null rotates all of z.</summary>
        public int? RotatedSize { get; }

        /// <summary>Step at which the loss normalisation is re-based.</summary>
        public int BurnInPeriod { get; }

        /// <summary>Whether the normalised losses are back-propagated.</summary>
        public bool NormalizeLosses { get; }

        /// <summary>Learning rate of the rotations' own Adam optimiser; null takes the trainer's. R_k = exp(A_k - A_k^T) with a full A_k: each step of Adam moves both A_ij and A_ji, so a rotation moves about twice as far per step as in the reference implementation (which learns one triangle); to port its setting, halve the learning rate.</summary>
        public double? RotationLearningRate { get; }

        /// <summary>The training's context.</summary>
        protected GradientCombinerContext Context { get; private set; }

        /// <summary>Each task's last loss divided by its value at step 0 (or at the burn-in step).</summary>
        protected double[] NormalizedLosses { get; private set; }

        /// <inheritdoc/>
        public virtual void Reset(GradientCombinerContext context)
        {
            Context = context;
            initialLosses = null;
            losses = 0;
            NormalizedLosses = null;
        }

        /// <summary>The trunk gradient, from gh (rows: the tasks' gradients at z, flattened).</summary>
        public virtual Tensor Combine(int block, Tensor taskGradients)
            => TaskWeightColumn.WeightedSum(Context, taskGradients);

        /// <summary>Learned parameters besides the rotations (RotoGradNorm's weights); trained by the rotations' optimiser.</summary>
        internal virtual IEnumerable<Parameter> LearnedParameters => Array.Empty<Parameter>();

        /// <summary>The task weights the trunk uses now, for the training history.</summary>
        internal virtual IReadOnlyList<float> CurrentWeights => Context.TaskWeights;

        /// <summary>
        /// Records this step's losses and returns the factor each task's loss is divided by before back-propagation
        /// (its initial value with <see cref="NormalizeLosses"/>, else 1).
        /// </summary>
        internal double[] ObserveLosses(IReadOnlyList<double> values)
        {
            if (initialLosses == null || losses == BurnInPeriod)
                initialLosses = values.Select(v => Math.Max(Math.Abs(v), 1e-15)).ToArray();
            losses++;
            NormalizedLosses = values.Select((v, k) => v / initialLosses[k]).ToArray();
            return NormalizeLosses ? initialLosses : values.Select(_ => 1.0).ToArray();
        }

        /// <summary>
        /// The rotations' loss: sum over tasks of the mean over rows of |R_k m - g_k|^2 on the rotated part.
        /// <paramref name="atZ"/> and <paramref name="atHeads"/> are [K, rows, size], detached.
        /// </summary>
        internal Tensor RotationLoss(Tensor atZ, Tensor atHeads, Func<int, Tensor> rotation, int rotatedSize)
        {
            var norms = atZ.flatten(1).norm(1).AtLeast(1e-15);
            var mean = atZ.mean(new long[] { 0 });
            var rescaled = atZ * (mean.norm() / norms).view(-1, 1, 1);
            var reference = rescaled.mean(new long[] { 0 }).narrow(1, 0, rotatedSize);
            Tensor loss = null;
            for (int k = 0; k < Context.TaskCount; k++)
            {
                var difference = reference.matmul(rotation(k).t()) - atHeads[k].narrow(1, 0, rotatedSize);
                var term = difference.Squared().sum(dim: 1).mean();
                loss = loss is null ? term : loss.Plus(term);
            }
            return loss;
        }

        /// <summary>A further loss on <see cref="LearnedParameters"/> (RotoGradNorm's GradNorm loss); null by default.</summary>
        internal virtual Tensor LearnedParametersLoss(Tensor atZ) => null;
    }
}
