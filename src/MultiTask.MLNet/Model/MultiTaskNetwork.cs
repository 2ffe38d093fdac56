using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Model.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Model
{
    /// <summary>
    /// The TorchSharp network of a <see cref="NetworkLayout"/>: one parameter per <see cref="ParameterSpec"/>, the forward
    /// pass run by <see cref="TorchOps"/>. Representations and heads are exposed separately so that training can take
    /// gradients at a shared representation.
    /// </summary>
    internal sealed class MultiTaskNetwork : nn.Module<Tensor, Tensor[]>
    {
        private readonly Dictionary<string, Parameter> byName = new Dictionary<string, Parameter>();
        private readonly Parameter[] rotations;
        private readonly TorchOps ops;

        /// <param name="layout">The network's shape.</param>
        /// <param name="rotatedSize">
        /// With a size m > 0, head k sees <c>R_k z</c>: a learned rotation of the shared representation's leading m values
        /// (RotoGrad). R_k = exp(A_k - A_k^T) stays exactly orthogonal; A_k starts at 0, so R_k starts at the identity.
        /// </param>
        public MultiTaskNetwork(NetworkLayout layout, int rotatedSize = 0) : base(nameof(MultiTaskNetwork))
        {
            Layout = layout;
            RotatedSize = rotatedSize;
            if (rotatedSize > 0 && !layout.Architecture.HasSharedRepresentation)
                throw new InvalidOperationException("Rotations need one representation shared by every task.");
            foreach (var spec in layout.Parameters)
            {
                var parameter = new Parameter(Initial(spec, layout.Initialization));
                byName.Add(spec.Name, parameter);
                register_parameter(spec.Name.Replace('.', '_'), parameter);
            }
            rotations = rotatedSize <= 0 ? Array.Empty<Parameter>()
                : Enumerable.Range(0, layout.Heads.Count).Select(_ => new Parameter(torch.zeros(rotatedSize, rotatedSize))).ToArray();
            for (int k = 0; k < rotations.Length; k++)
                register_parameter($"rotation{k}", rotations[k]);
            ops = new TorchOps(byName, () => training);
        }

        public NetworkLayout Layout { get; }

        /// <summary>Size of the rotated leading part of z; 0 without rotations.</summary>
        public int RotatedSize { get; }

        /// <summary>One representation per task of a batch (the same tensor for every task under hard sharing).</summary>
        public IReadOnlyList<Tensor> Representations(Tensor x) => Layout.Graph.Forward(ops, x);

        /// <summary>The raw output (regression values or logits) of head <paramref name="k"/> for representation z.</summary>
        public Tensor Head(int k, Tensor z) => Layout.HeadStacks[k].Forward(ops, z);

        /// <summary>
        /// The raw outputs of the heads of <paramref name="tasks"/> side by side ([N, sum of output sizes]) for one
        /// representation z they all read. Heads that are a single dense layer run as one matrix product over their
        /// concatenated weights (the same numbers as one product per head, with one operation instead of several).
        /// </summary>
        public Tensor StackedHeads(IReadOnlyList<int> tasks, Tensor z)
        {
            if (tasks.Any(k => Layout.HeadStacks[k].Blocks.Count != 1))
                return torch.cat(tasks.Select(k => Head(k, z)).ToList(), 1);
            var weight = torch.cat(tasks.Select(k => (Tensor)byName[NetworkLayout.HeadInputWeight(k)]).ToList(), 0);
            var bias = torch.cat(tasks.Select(k => (Tensor)byName[NetworkLayout.HeadInputBias(k)]).ToList(), 0);
            return torch.nn.functional.linear(z, weight, bias);
        }

        public override Tensor[] forward(Tensor x)
        {
            var z = Representations(x);
            return Enumerable.Range(0, z.Count).Select(k => Head(k, RotatedSize > 0 ? Rotate(z[k], Rotation(k).detach()) : z[k])).ToArray();
        }

        /// <summary>Rotation R_k, differentiable with respect to its parameter.</summary>
        public Tensor Rotation(int k)
        {
            var a = rotations[k];
            return torch.linalg.matrix_exp(a - a.t());
        }

        /// <summary>z with its leading <see cref="RotatedSize"/> values rotated by <paramref name="rotation"/> (row form: z_lo R^T).</summary>
        public Tensor Rotate(Tensor z, Tensor rotation)
        {
            if (RotatedSize == z.shape[1])
                return z.matmul(rotation.t());
            var low = z.narrow(1, 0, RotatedSize).matmul(rotation.t());
            return torch.cat(new[] { low, z.narrow(1, RotatedSize, z.shape[1] - RotatedSize) }, 1);
        }

        /// <summary>The parameters every task uses (what gradient combiners see at the parameter level).</summary>
        public IEnumerable<Parameter> SharedParameters() => Owned(ParameterSpec.Shared);

        /// <summary>The parameters task <paramref name="k"/> alone uses: its head, and its gates or experts where the architecture has them.</summary>
        public IEnumerable<Parameter> TaskParameters(int k) => Owned(k);

        /// <summary>Every parameter of the architecture and the heads: what the main optimiser trains.</summary>
        public IEnumerable<Parameter> ModelParameters() => Layout.Parameters.Select(p => byName[p.Name]);

        /// <summary>The rotations' parameters (empty without rotations): trained by their own optimiser.</summary>
        public IReadOnlyList<Parameter> RotationParameters => rotations;

        /// <summary>The last shared dense layer's weight: where GradNorm measures the tasks' gradient norms; null when there is none.</summary>
        public Parameter LastSharedWeight => Layout.Graph.LastSharedWeight is string name ? byName[name] : null;

        /// <summary>
        /// Copies every weight out of native memory. Rotations are folded into the first layer of their head
        /// (<c>W (R z) = (W R) z</c>), so the snapshot scores like the network with no rotation machinery.
        /// </summary>
        public StateDict Snapshot()
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var foldedInto = Enumerable.Range(0, RotatedSize > 0 ? Layout.Heads.Count : 0).ToDictionary(NetworkLayout.HeadInputWeight);
            return new StateDict(Layout.Parameters.Select(p =>
            {
                var value = foldedInto.TryGetValue(p.Name, out int head) ? Folded(byName[p.Name], head) : byName[p.Name].detach();
                return KeyValuePair.Create(p.Name, new StateTensor(value.shape, value.cpu().contiguous().data<float>().ToArray()));
            }).ToList());
        }

        /// <summary>Overwrites every weight with <paramref name="state"/>, which must hold exactly the layout's parameters.</summary>
        public void Load(StateDict state)
        {
            state.CheckMatches(Layout.Parameters);
            using var noGrad = torch.no_grad();
            foreach (var name in state.Names)
            {
                using var scope = torch.NewDisposeScope();
                var tensor = state[name];
                byName[name].copy_(torch.tensor(tensor.Values, tensor.Shape));
            }
        }

        /// <summary>|R_k - I| (Frobenius) per task: how far each rotation has moved; empty without rotations.</summary>
        public double[] RotationDistances()
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            return Enumerable.Range(0, rotations.Length)
                .Select(k => (double)(Rotation(k) - torch.eye(RotatedSize, device: rotations[k].device)).norm().item<float>()).ToArray();
        }

        private IEnumerable<Parameter> Owned(int owner) => Layout.Parameters.Where(p => p.Owner == owner).Select(p => byName[p.Name]);


        // Head k's first weight W [out, z] with its leading columns multiplied by R_k.
        private Tensor Folded(Tensor weight, int k)
        {
            var w = weight.detach();
            var low = w.narrow(1, 0, RotatedSize).matmul(Rotation(k));
            return RotatedSize == w.shape[1] ? low : torch.cat(new[] { low, w.narrow(1, RotatedSize, w.shape[1] - RotatedSize) }, 1);
        }

        // Draws a parameter's first values; in the layout's order, so a seed gives the same network.
        private static Tensor Initial(ParameterSpec spec, WeightInitialization initialization)
        {
            var shape = spec.Shape.ToArray();
            if (spec.Init == ParameterInit.Constant)
                return torch.tensor(spec.Values, shape);
            var value = torch.empty(shape);
            using var noGrad = torch.no_grad();
            switch (spec.Init, initialization)
            {
                case (ParameterInit.Weight, WeightInitialization.GlorotUniform):
                    nn.init.xavier_uniform_(value);
                    break;
                case (ParameterInit.Weight, WeightInitialization.HeUniform):
                    nn.init.kaiming_uniform_(value, a: 0, nonlinearity: nn.init.NonlinearityType.ReLU);
                    break;
                case (ParameterInit.Weight, _):
                    // TorchSharp's (and PyTorch's) own default for Linear and Conv2d layers.
                    nn.init.kaiming_uniform_(value, a: Math.Sqrt(5));
                    break;
                case (ParameterInit.Bias, WeightInitialization.Default):
                    double bound = 1 / Math.Sqrt(spec.FanIn);
                    nn.init.uniform_(value, -bound, bound);
                    break;
                default:
                    nn.init.zeros_(value);
                    break;
            }
            return value;
        }
    }
}
