using MultiTask.MLNet.Runtime;
using TorchSharp;

namespace MultiTask.MLNet
{
    /// <summary>
    /// Orthogonal (arXiv 1801.07593): keeps only the auxiliary gradient's part orthogonal to the primary,
    /// <c>adj(u, c) = u - (u.c) c / |c|^2</c>, whether they agree or not. Needs a primary task.
    /// </summary>
    public sealed class OrthogonalCombiner : PrimaryAuxiliaryCombiner
    {
        /// <param name="alpha">Moving-average factor of the primary gradient, in (0, 1]; 1 (default) uses the current one.</param>
        public OrthogonalCombiner(double alpha = 1) : base(alpha) { }

        /// <inheritdoc/>
        protected override torch.Tensor Adjust(torch.Tensor u, torch.Tensor c, double dot, double uNorm, double cNorm)
        {
            if (dot < 0)
                Conflict();
            return u - c.Times(dot / (cNorm * cNorm));
        }
    }
}
