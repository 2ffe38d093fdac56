using TorchSharp;

namespace MultiTask.MLNet
{
    /// <summary>
    /// Unweighted cosine (Du et al. 2018, arXiv 1812.02224): the auxiliary gradient counts in full when it agrees
    /// with the primary (u.c &gt; 0) and not at all otherwise. Needs a primary task.
    /// </summary>
    public sealed class UnweightedCosineCombiner : PrimaryAuxiliaryCombiner
    {
        /// <param name="alpha">Moving-average factor of the primary gradient, in (0, 1]; 1 (default) uses the current one.</param>
        public UnweightedCosineCombiner(double alpha = 1) : base(alpha) { }

        /// <inheritdoc/>
        protected override torch.Tensor Adjust(torch.Tensor u, torch.Tensor c, double dot, double uNorm, double cNorm)
        {
            if (dot > 0)
                return u;
            Conflict();
            return torch.zeros_like(u);
        }
    }
}
