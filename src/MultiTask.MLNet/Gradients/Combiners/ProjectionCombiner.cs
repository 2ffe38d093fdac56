using MultiTask.MLNet.Runtime;
using TorchSharp;

namespace MultiTask.MLNet
{
    /// <summary>
    /// Projection (seed 000's own rule): removes from the auxiliary gradient only its component against the primary,
    /// <c>adj(u, c) = u - min(u.c, 0) c / |c|^2</c>. Agreeing gradients pass unchanged; conflicting ones lose the
    /// conflicting part. Needs a primary task (<see cref="TaskSpec.AsPrimary"/>).
    /// </summary>
    public sealed class ProjectionCombiner : PrimaryAuxiliaryCombiner
    {
        /// <param name="alpha">Moving-average factor of the primary gradient, in (0, 1]; 1 (default) uses the current one.</param>
        public ProjectionCombiner(double alpha = 1) : base(alpha) { }

        /// <inheritdoc/>
        protected override torch.Tensor Adjust(torch.Tensor u, torch.Tensor c, double dot, double uNorm, double cNorm)
        {
            if (dot >= 0)
                return u;
            Conflict();
            return u - c.Times(dot / (cNorm * cNorm));
        }
    }
}
