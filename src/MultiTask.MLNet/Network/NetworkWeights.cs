using System;
using System.Collections.Generic;
using System.Linq;

namespace MultiTask.MLNet.Network
{
    /// <summary>A snapshot of every trained weight, independent of TorchSharp: what the ONNX writer reads.</summary>
    internal sealed class NetworkWeights
    {
        public NetworkWeights(IReadOnlyList<DenseLayerWeights> trunk, IReadOnlyList<IReadOnlyList<DenseLayerWeights>> heads)
        {
            Trunk = trunk.ToArray();
            Heads = heads.Select(h => (IReadOnlyList<DenseLayerWeights>)h.ToArray()).ToArray();
        }

        public IReadOnlyList<DenseLayerWeights> Trunk { get; }
        public IReadOnlyList<IReadOnlyList<DenseLayerWeights>> Heads { get; }

        /// <summary>All-zero weights of <paramref name="layout"/>: a graph of the right shape, for schema propagation.</summary>
        public static NetworkWeights Zeros(NetworkLayout layout)
        {
            static DenseLayerWeights Zero((int Inputs, int Outputs) l) => new DenseLayerWeights(l.Inputs, l.Outputs, new float[l.Inputs * l.Outputs], new float[l.Outputs]);
            return new NetworkWeights(layout.TrunkLayers().Select(Zero).ToList(),
                Enumerable.Range(0, layout.Heads.Count).Select(k => (IReadOnlyList<DenseLayerWeights>)layout.HeadLayers(k).Select(Zero).ToList()).ToList());
        }

        /// <summary>Throws when the weights do not have the shapes <paramref name="layout"/> asks for.</summary>
        public void CheckMatches(NetworkLayout layout)
        {
            Check("trunk", Trunk, layout.TrunkLayers().ToList());
            if (Heads.Count != layout.Heads.Count)
                throw new InvalidOperationException($"The weights have {Heads.Count} heads, the network {layout.Heads.Count}.");
            for (int k = 0; k < Heads.Count; k++)
                Check($"head {k}", Heads[k], layout.HeadLayers(k).ToList());
        }

        private static void Check(string part, IReadOnlyList<DenseLayerWeights> layers, IReadOnlyList<(int Inputs, int Outputs)> expected)
        {
            bool same = layers.Count == expected.Count
                && layers.Select(l => (l.Inputs, l.Outputs)).SequenceEqual(expected);
            if (!same)
                throw new InvalidOperationException(
                    $"The {part} weights have layers [{string.Join(", ", layers.Select(l => $"{l.Inputs}->{l.Outputs}"))}], " +
                    $"the network expects [{string.Join(", ", expected.Select(l => $"{l.Inputs}->{l.Outputs}"))}].");
        }
    }
}
