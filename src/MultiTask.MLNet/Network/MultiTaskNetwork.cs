using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Network
{
    /// <summary>
    /// The TorchSharp network: a shared trunk of dense layers and one stack of dense layers per task.
    /// Trunk and heads are exposed separately so that training can take gradients at the representation z.
    /// </summary>
    internal sealed class MultiTaskNetwork : nn.Module<Tensor, Tensor[]>
    {
        private readonly Sequential trunk;
        private readonly ModuleList<Sequential> heads;
        private readonly bool hasTrunk;
        private readonly Parameter[] rotations;

        /// <param name="layout">Trunk and heads.</param>
        /// <param name="rotatedSize">
        /// With a size m > 0, head k sees <c>R_k z</c>: a learned rotation of z's leading m values (RotoGrad). R_k =
        /// exp(A_k - A_k^T) stays exactly orthogonal; A_k starts at 0, so R_k starts at the identity.
        /// </param>
        public MultiTaskNetwork(NetworkLayout layout, int rotatedSize = 0) : base(nameof(MultiTaskNetwork))
        {
            Layout = layout;
            RotatedSize = rotatedSize;
            hasTrunk = layout.Trunk.Count > 0;
            rotations = rotatedSize <= 0 ? Array.Empty<Parameter>()
                : Enumerable.Range(0, layout.Heads.Count).Select(_ => new Parameter(torch.zeros(rotatedSize, rotatedSize))).ToArray();
            for (int k = 0; k < rotations.Length; k++)
                register_parameter($"rotation{k}", rotations[k]);
            trunk = Stack(layout.TrunkLayers().ToList(), layout, activateLast: true);
            heads = new ModuleList<Sequential>(
                Enumerable.Range(0, layout.Heads.Count)
                    .Select(k => Stack(layout.HeadLayers(k).ToList(), layout, activateLast: false))
                    .ToArray());
            RegisterComponents();
            Initialize(layout.Initialization);
        }

        public NetworkLayout Layout { get; }

        /// <summary>Size of the rotated leading part of z; 0 without rotations.</summary>
        public int RotatedSize { get; }

        /// <summary>The shared representation z of a batch.</summary>
        public Tensor Trunk(Tensor x) => hasTrunk ? trunk.forward(x) : x;

        /// <summary>The raw output (regression values or logits) of head <paramref name="k"/> for representation z.</summary>
        public Tensor Head(int k, Tensor z) => heads[k].forward(z);

        public override Tensor[] forward(Tensor x)
        {
            var z = Trunk(x);
            return Enumerable.Range(0, heads.Count).Select(k => Head(k, RotatedSize > 0 ? Rotate(z, Rotation(k).detach()) : z)).ToArray();
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

        /// <summary>The trunk's parameters: the ones every task shares.</summary>
        public IEnumerable<Parameter> SharedParameters() => trunk.parameters();

        /// <summary>The trunk's and the heads' parameters: what the main optimiser trains.</summary>
        public IEnumerable<Parameter> ModelParameters() => SharedParameters().Concat(heads.parameters());

        /// <summary>The rotations' parameters (empty without rotations): trained by their own optimiser.</summary>
        public IReadOnlyList<Parameter> RotationParameters => rotations;

        /// <summary>The last trunk layer's weight: where GradNorm measures the tasks' gradient norms; null without a trunk.</summary>
        public Parameter LastSharedWeight => Dense(trunk).LastOrDefault()?.weight;

        /// <summary>The parameters of head <paramref name="k"/>.</summary>
        public IEnumerable<Parameter> HeadParameters(int k) => heads[k].parameters();

        /// <summary>
        /// Copies every weight out of native memory. Rotations are folded into the first layer of their head
        /// (<c>W (R z) = (W R) z</c>), so the snapshot scores like the network with no rotation machinery.
        /// </summary>
        public NetworkWeights Snapshot()
            => new NetworkWeights(Dense(trunk).Select(Copy).ToList(),
                heads.Select((h, k) => (IReadOnlyList<DenseLayerWeights>)Dense(h).Select((layer, i) => i == 0 && RotatedSize > 0 ? Folded(layer, k) : Copy(layer)).ToList()).ToList());

        /// <summary>|R_k - I| (Frobenius) per task: how far each rotation has moved; empty without rotations.</summary>
        public double[] RotationDistances()
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            return Enumerable.Range(0, rotations.Length)
                .Select(k => (double)(Rotation(k) - torch.eye(RotatedSize, device: rotations[k].device)).norm().item<float>()).ToArray();
        }

        private DenseLayerWeights Folded(Linear layer, int k)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var weight = layer.weight.detach();
            var low = weight.narrow(1, 0, RotatedSize).matmul(Rotation(k));
            var folded = RotatedSize == weight.shape[1] ? low : torch.cat(new[] { low, weight.narrow(1, RotatedSize, weight.shape[1] - RotatedSize) }, 1);
            var bias = layer.bias.detach().cpu().contiguous().data<float>().ToArray();
            return new DenseLayerWeights((int)layer.in_features, (int)layer.out_features, folded.cpu().contiguous().data<float>().ToArray(), bias);
        }

        /// <summary>Overwrites every weight with <paramref name="weights"/>, which must match the layout.</summary>
        public void Load(NetworkWeights weights)
        {
            weights.CheckMatches(Layout);
            using var noGrad = torch.no_grad();
            Assign(Dense(trunk), weights.Trunk);
            for (int k = 0; k < heads.Count; k++)
                Assign(Dense(heads[k]), weights.Heads[k]);
        }

        private static IEnumerable<Linear> Dense(Sequential stack) => stack.children().OfType<Linear>();

        // Re-draws every dense layer in construction order (trunk, then heads), so a seed gives the same weights.
        private void Initialize(WeightInitialization initialization)
        {
            if (initialization == WeightInitialization.Default)
                return;
            using var noGrad = torch.no_grad();
            foreach (var layer in Dense(trunk).Concat(heads.SelectMany(Dense)))
            {
                if (initialization == WeightInitialization.GlorotUniform)
                    nn.init.xavier_uniform_(layer.weight);
                else
                    nn.init.kaiming_uniform_(layer.weight, a: 0, nonlinearity: nn.init.NonlinearityType.ReLU);
                nn.init.zeros_(layer.bias);
            }
        }

        private static DenseLayerWeights Copy(Linear layer)
        {
            using var scope = torch.NewDisposeScope();
            var weight = layer.weight.detach().cpu().contiguous().data<float>().ToArray();
            var bias = layer.bias.detach().cpu().contiguous().data<float>().ToArray();
            return new DenseLayerWeights((int)layer.in_features, (int)layer.out_features, weight, bias);
        }

        private static void Assign(IEnumerable<Linear> layers, IReadOnlyList<DenseLayerWeights> weights)
        {
            int i = 0;
            foreach (var layer in layers)
            {
                var w = weights[i++];
                using var scope = torch.NewDisposeScope();
                layer.weight.copy_(torch.tensor(w.Weight, new long[] { w.Outputs, w.Inputs }));
                layer.bias.copy_(torch.tensor(w.Bias, new long[] { w.Outputs }));
            }
        }

        // Dense layers with the activation (and dropout) between them; the last layer is activated only in the trunk.
        private static Sequential Stack(IReadOnlyList<(int Inputs, int Outputs)> layers, NetworkLayout layout, bool activateLast)
        {
            var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
            for (int i = 0; i < layers.Count; i++)
            {
                modules.Add(($"dense{i}", nn.Linear(layers[i].Inputs, layers[i].Outputs)));
                if (i == layers.Count - 1 && !activateLast)
                    break;
                modules.Add(($"act{i}", MakeActivation(layout.Activation)));
                if (layout.Dropout > 0)
                    modules.Add(($"drop{i}", nn.Dropout(layout.Dropout)));
            }
            return nn.Sequential(modules);
        }

        private static nn.Module<Tensor, Tensor> MakeActivation(Activation activation) => activation switch
        {
            Activation.ReLU => nn.ReLU(),
            Activation.Tanh => nn.Tanh(),
            Activation.Sigmoid => nn.Sigmoid(),
            Activation.LeakyReLU => nn.LeakyReLU(0.01),
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
        };
    }
}
