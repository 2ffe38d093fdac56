using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Gradients;
using MultiTask.MLNet.Runtime;
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
        private readonly IReadOnlyList<Tensor> sharedMeasure;
        private readonly IReadOnlyList<Tensor> sharedParameters;
        private readonly bool isFixed;
        private long step;

        /// <summary>
        /// The weights of <paramref name="weighting"/> (fixed without one) for the tasks of <paramref name="context"/>, handed
        /// to <paramref name="combinerContext"/>. <paramref name="sharedMeasure"/> is where a weighting that needs gradient norms
        /// measures them when the losses reach the shared parameters: the last shared dense layer's weight, or all shared
        /// parameters when the architecture has no such layer.
        /// </summary>
        public StepWeights(ILossWeighting weighting, LossWeightingContext context, GradientCombinerContext combinerContext, IReadOnlyList<Tensor> sharedMeasure,
            IReadOnlyList<Tensor> sharedParameters = null)
        {
            this.sharedParameters = sharedParameters ?? sharedMeasure;
            this.weighting = weighting ?? new FixedWeighting();
            isFixed = !this.weighting.VariesWeights;
            this.combinerContext = combinerContext;
            this.sharedMeasure = sharedMeasure;
            this.weighting.Reset(context);
            Last = context.TaskWeights;
        }

        /// <summary>0-based epoch of the steps to come; the loop sets it.</summary>
        public int Epoch { get; set; }

        /// <summary>Whether the weighting wants the losses recomputed after each update.</summary>
        public bool NeedsLossesAfterStep => weighting.NeedsLossesAfterStep;

        /// <summary>Hands the losses after an update to the weighting.</summary>
        public void AfterStep(IReadOnlyList<double> lossesAfterStep) => weighting.AfterStep(lossesAfterStep);

        /// <summary>The weights of the latest step.</summary>
        public IReadOnlyList<float> Last { get; private set; }

        /// <summary>
        /// Decides this step's weights from its task losses (scalars still attached to the graph). A weighting that needs
        /// gradient norms measures them on <paramref name="measureAt"/>: where the losses were computed on a detached shared
        /// representation, that representation; by default the shared parameters given to the constructor.
        /// </summary>
        public IReadOnlyList<float> For(IReadOnlyList<Tensor> losses, IReadOnlyList<Tensor> measureAt = null)
        {
            combinerContext.SetStepLosses(() => losses.Select(l => (double)l.item<float>()).ToArray());
            if (isFixed)
                return Last; // the hot default path reads no loss value back from the device
            var values = losses.Select(l => (double)l.item<float>()).ToArray();
            var inputs = new LossWeightingInputs(step++, values, weighting.NeedsGradientNorms ? () => GradientNorms(losses, measureAt ?? sharedMeasure) : null, Epoch,
                weighting.NeedsTaskGradients ? () => TaskGradients(losses, measureAt ?? sharedParameters) : null);
            Last = weighting.Weights(inputs).ToArray();
            combinerContext.SetTaskWeights(Last);
            return Last;
        }

        // [K, P]: each task's gradient on the given tensors, flattened and concatenated.
        private static Tensor TaskGradients(IReadOnlyList<Tensor> losses, IReadOnlyList<Tensor> measureAt)
        {
            if (measureAt.Count == 0)
                throw new System.InvalidOperationException("This loss weighting reads the tasks' gradients on the shared layers, but the network shares none; set HiddenLayers.");
            return torch.stack(losses.Select(loss =>
            {
                var grads = torch.autograd.grad(new[] { loss }, measureAt.ToList(), retain_graph: true, allow_unused: true);
                return torch.cat(grads.Select((g, i) => g is null || g.IsInvalid ? torch.zeros_like(measureAt[i]).flatten() : g.flatten()).ToList(), 0);
            }).ToList(), 0);
        }

        private static IReadOnlyList<double> GradientNorms(IReadOnlyList<Tensor> losses, IReadOnlyList<Tensor> measureAt)
        {
            if (measureAt.Count == 0)
                throw new System.InvalidOperationException("This loss weighting measures the tasks' gradients on the shared layers, but the network shares none; set HiddenLayers.");
            return losses.Select(loss =>
            {
                var grads = torch.autograd.grad(new[] { loss }, measureAt.ToList(), retain_graph: true, allow_unused: true);
                double squares = grads.Where(g => g is not null && !g.IsInvalid).Sum(g => (double)g.Squared().sum().item<float>());
                return System.Math.Sqrt(squares);
            }).ToArray();
        }
    }
}
