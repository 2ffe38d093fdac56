using MultiTask.MLNet.Runtime;
using MultiTask.MLNet.Gradients;
using TorchSharp;

namespace MultiTask.MLNet
{
    /// <summary>
    /// Single task (seed 000's baseline): the trunk follows only the primary task's gradient (times its weight); the
    /// auxiliary losses still train their own heads but never the trunk. Needs a primary task.
    /// </summary>
    public sealed class SingleTaskCombiner : IGradientCombiner
    {
        /// <summary>Needs a primary task (<see cref="TaskSpec.AsPrimary"/>).</summary>
        public CombinerRequirements Requirements => CombinerRequirements.PrimaryTask;

        private GradientCombinerContext context;
        private int primary;

        /// <inheritdoc/>
        public void Reset(GradientCombinerContext context)
        {
            this.context = context;
            primary = context.RequirePrimary(nameof(SingleTaskCombiner));
        }

        /// <inheritdoc/>
        public torch.Tensor Combine(int block, torch.Tensor taskGradients) => taskGradients[primary].Times(context.TaskWeights[primary]);
    }
}
