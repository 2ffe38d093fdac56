using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Gradients;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Training.Steps
{
    /// <summary>
    /// The task weights of every step: the loss weighting's choice (the fixed task weights without one), handed to the
    /// combiner's context and kept for the training history.
    /// </summary>
    internal sealed class StepWeights
    {
        private readonly ILossWeighting weighting;
        private readonly GradientCombinerContext combinerContext;
        private readonly Parameter lastSharedWeight;
        private readonly bool isFixed;
        private long step;

        public StepWeights(ILossWeighting weighting, LossWeightingContext context, GradientCombinerContext combinerContext, Parameter lastSharedWeight)
        {
            this.weighting = weighting ?? new FixedWeighting();
            isFixed = this.weighting is FixedWeighting;
            this.combinerContext = combinerContext;
            this.lastSharedWeight = lastSharedWeight;
            this.weighting.Reset(context);
            Last = context.TaskWeights;
        }

        /// <summary>The weights of the latest step.</summary>
        public IReadOnlyList<float> Last { get; private set; }

        /// <summary>Decides this step's weights from its task losses (scalars still attached to the graph).</summary>
        public IReadOnlyList<float> For(IReadOnlyList<Tensor> losses)
        {
            if (isFixed)
                return Last; // the hot default path reads no loss value back from the device
            var values = losses.Select(l => (double)l.item<float>()).ToArray();
            var inputs = new LossWeightingInputs(step++, values, weighting.NeedsGradientNorms ? () => GradientNorms(losses) : null);
            Last = weighting.Weights(inputs).ToArray();
            combinerContext.SetTaskWeights(Last);
            return Last;
        }

        private IReadOnlyList<double> GradientNorms(IReadOnlyList<Tensor> losses)
        {
            if (lastSharedWeight is null)
                throw new System.InvalidOperationException("This loss weighting measures gradients on the last shared layer, but the network has no trunk; set HiddenLayers.");
            return losses.Select(loss =>
            {
                var grad = torch.autograd.grad(new[] { loss }, new Tensor[] { lastSharedWeight }, retain_graph: true, allow_unused: true)[0];
                return grad is null || grad.IsInvalid ? 0.0 : grad.norm().item<float>();
            }).ToArray();
        }
    }
}
