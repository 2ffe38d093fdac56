using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Tasks;
using MultiTask.MLNet.Training.Sampling;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Training.Steps
{
    /// <summary>
    /// The RotoGrad family's step. Head k runs on <c>R_k z</c> (R_k held constant) of a detached z; each task gives its
    /// gradient at z (gh_k) and at its rotated input (g_k). The combiner turns the gh_k into the trunk gradient, which
    /// flows back through the trunk once; the rotations (and learned weights) take a step of their own optimiser on the
    /// combiner's rotation loss.
    /// </summary>
    internal sealed class RotationStep : TrainingStep, System.IDisposable
    {
        private readonly RotateOnlyCombiner combiner;
        private readonly AdamOptimizer rotationOptimizer;

        public RotationStep(MultiTaskNetwork network, IReadOnlyList<BoundTask> tasks, RotateOnlyCombiner combiner, StepWeights weights, double learningRate)
            : base(network, tasks, weights)
        {
            this.combiner = combiner;
            rotationOptimizer = new AdamOptimizer(network.RotationParameters.Concat(combiner.LearnedParameters), learningRate);
        }

        public override void Run(DataTensors data, BatchRows batch, Tensor rowIndex, EpochStatistics statistics)
        {
            var z = SharedRepresentation(data, rowIndex);
            var detached = z.detach().requires_grad_(true);
            // One matrix exponential per task and step: heads use it held constant, the rotation loss differentiates it.
            var rotations = Enumerable.Range(0, Tasks.Count).Select(Network.Rotation).ToArray();
            var rotated = Enumerable.Range(0, Tasks.Count).Select(k => Network.Rotate(detached, rotations[k].detach())).ToArray();
            var losses = Enumerable.Range(0, Tasks.Count).Select(k => TaskLosses(k, rotated[k], data, batch, rowIndex, statistics)).ToArray();
            var w = Weights.For(losses, new[] { detached });
            var divisors = combiner.ObserveLosses(losses.Select(l => (double)l.item<float>()).ToArray());

            var atZ = new Tensor[Tasks.Count];
            var atHeads = new Tensor[Tasks.Count];
            for (int k = 0; k < Tasks.Count; k++)
            {
                var inputs = new List<Tensor> { detached, rotated[k] };
                inputs.AddRange(Owned[k]);
                var grads = Gradients(losses[k] / divisors[k], inputs);
                atZ[k] = grads[0];
                atHeads[k] = grads[1];
                SetOwnGradients(Owned[k], grads.Skip(2).ToList(), w[k]);
            }
            var gh = torch.stack(atZ, 0);
            var matrix = gh.flatten(1);
            statistics.AddGram(matrix.matmul(matrix.t()));
            var trunkGradient = combiner.Combine(0, matrix).view_as(z);
            if (z.requires_grad)
                z.backward(new[] { trunkGradient });
            StepRotations(gh.detach(), torch.stack(atHeads, 0).detach(), rotations);
        }

        public void Dispose() => rotationOptimizer.Dispose();

        private void StepRotations(Tensor atZ, Tensor atHeads, Tensor[] rotations)
        {
            rotationOptimizer.ZeroGrad();
            var loss = combiner.RotationLoss(atZ, atHeads, k => rotations[k], Network.RotatedSize);
            var extra = combiner.LearnedParametersLoss(atZ);
            (extra is null ? loss : loss + extra).backward();
            rotationOptimizer.Step();
        }
    }
}
