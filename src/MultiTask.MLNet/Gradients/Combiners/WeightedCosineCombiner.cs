using MultiTask.MLNet.Runtime;
using System;
using TorchSharp;

namespace MultiTask.MLNet
{
    /// <summary>
    /// Weighted cosine (Du et al. 2018, arXiv 1812.02224): the auxiliary gradient scaled by its cosine with the
    /// primary, and dropped when that is negative: <c>adj(u, c) = max(u.c, 0) u / (|u| |c|)</c>. Needs a primary task.
    /// </summary>
    public sealed class WeightedCosineCombiner : PrimaryAuxiliaryCombiner
    {
        /// <param name="alpha">Moving-average factor of the primary gradient, in (0, 1]; 1 (default) uses the current one.</param>
        public WeightedCosineCombiner(double alpha = 1) : base(alpha) { }

        /// <inheritdoc/>
        protected override torch.Tensor Adjust(torch.Tensor u, torch.Tensor c, double dot, double uNorm, double cNorm)
        {
            if (dot < 0)
                Conflict();
            return u.Times(Math.Max(dot, 0) / (uNorm * cNorm));
        }
    }
}
