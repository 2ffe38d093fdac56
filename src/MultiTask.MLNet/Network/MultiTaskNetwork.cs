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

        public MultiTaskNetwork(NetworkLayout layout) : base(nameof(MultiTaskNetwork))
        {
            Layout = layout;
            hasTrunk = layout.Trunk.Count > 0;
            trunk = Stack(layout.TrunkLayers().ToList(), layout, activateLast: true);
            heads = new ModuleList<Sequential>(
                Enumerable.Range(0, layout.Heads.Count)
                    .Select(k => Stack(layout.HeadLayers(k).ToList(), layout, activateLast: false))
                    .ToArray());
            RegisterComponents();
        }

        public NetworkLayout Layout { get; }

        /// <summary>The shared representation z of a batch.</summary>
        public Tensor Trunk(Tensor x) => hasTrunk ? trunk.forward(x) : x;

        /// <summary>The raw output (regression values or logits) of head <paramref name="k"/> for representation z.</summary>
        public Tensor Head(int k, Tensor z) => heads[k].forward(z);

        public override Tensor[] forward(Tensor x)
        {
            var z = Trunk(x);
            return Enumerable.Range(0, heads.Count).Select(k => Head(k, z)).ToArray();
        }

        /// <summary>The trunk's parameters: the ones every task shares.</summary>
        public IEnumerable<Parameter> SharedParameters() => trunk.parameters();

        /// <summary>The parameters of head <paramref name="k"/>.</summary>
        public IEnumerable<Parameter> HeadParameters(int k) => heads[k].parameters();

        /// <summary>Copies every weight out of native memory.</summary>
        public NetworkWeights Snapshot()
            => new NetworkWeights(Dense(trunk).Select(Copy).ToList(),
                heads.Select(h => (IReadOnlyList<DenseLayerWeights>)Dense(h).Select(Copy).ToList()).ToList());

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
