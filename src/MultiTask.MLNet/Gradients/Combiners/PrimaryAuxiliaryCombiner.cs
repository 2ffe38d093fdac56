using MultiTask.MLNet.Runtime;
using System;
using System.Collections.Generic;
using MultiTask.MLNet.Gradients;
using TorchSharp;

namespace MultiTask.MLNet
{
    /// <summary>
    /// Base of the primary/auxiliary rules (seed 000): the update is <c>w_p v + sum_a w_a adj(u_a, c)</c> where v is
    /// the primary task's gradient, u_a an auxiliary task's, w the task weights (the auxiliaries' lambda) and c the
    /// comparison vector: v itself when <see cref="Alpha"/> = 1, else the moving average
    /// <c>c = (1 - alpha) c + alpha v</c> started at the first v, kept per block. When |u| or |c| is 0, adj(u, c) = u.
    /// </summary>
    public abstract class PrimaryAuxiliaryCombiner : IGradientCombiner, IDisposable
    {
        /// <summary>Needs a primary task (<see cref="TaskSpec.AsPrimary"/>).</summary>
        public CombinerRequirements Requirements => CombinerRequirements.PrimaryTask;

        private readonly BlockTensors averages = new BlockTensors();
        private GradientCombinerContext context;
        private int primary;

        /// <summary>Creates the rule with the moving-average factor <paramref name="alpha"/> in (0, 1].</summary>
        protected PrimaryAuxiliaryCombiner(double alpha)
        {
            if (!(alpha > 0 && alpha <= 1))
                throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Alpha, the moving-average factor of the primary gradient, must be in (0, 1].");
            Alpha = alpha;
        }

        /// <summary>Factor of the primary gradient's moving average used as comparison vector; 1 (default) compares with the current one.</summary>
        public double Alpha { get; }

        /// <inheritdoc/>
        public void Reset(GradientCombinerContext context)
        {
            this.context = context;
            primary = context.RequirePrimary(GetType().Name);
            Dispose();
        }

        /// <summary>Frees the moving averages (native memory); the trainer calls it after every Fit. The combiner stays usable.</summary>
        public void Dispose() => averages.Dispose();

        /// <inheritdoc/>
        public torch.Tensor Combine(int block, torch.Tensor taskGradients)
        {
            var v = taskGradients[primary];
            var c = Comparison(block, v);
            double cNorm = c.norm().item<float>();
            var update = v.Times(context.TaskWeights[primary]);
            for (int a = 0; a < context.TaskCount; a++)
            {
                if (a == primary)
                    continue;
                var u = taskGradients[a];
                double uNorm = u.norm().item<float>();
                var adjusted = uNorm == 0 || cNorm == 0 ? u : Adjust(u, c, u.dot(c).item<float>(), uNorm, cNorm);
                update = update.Plus(adjusted.Times(context.TaskWeights[a]));
            }
            return update;
        }

        /// <summary>
        /// adj(u, c): the auxiliary gradient as the rule lets it through. Called only when |u| and |c| are not 0; call
        /// <see cref="GradientCombinerContext.RecordConflict"/> through <see cref="Conflict"/> when the rule changes u.
        /// </summary>
        protected abstract torch.Tensor Adjust(torch.Tensor u, torch.Tensor c, double dot, double uNorm, double cNorm);

        /// <summary>Counts one corrected conflict in the training history.</summary>
        protected void Conflict() => context.RecordConflict();

        private torch.Tensor Comparison(int block, torch.Tensor v)
        {
            if (Alpha == 1)
                return v;
            return averages.Set(block, averages.TryGet(block, out var previous) ? previous.Times(1 - Alpha).Plus(v.Times(Alpha)) : v.clone());
        }
    }
}
