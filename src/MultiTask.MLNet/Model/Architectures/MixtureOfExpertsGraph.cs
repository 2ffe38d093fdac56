using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Model.Blocks;
using MultiTask.MLNet.Model.Ops;

namespace MultiTask.MLNet.Model.Architectures
{
    /// <summary>MMoE: <c>z_k = sum_e softmax(G_k x)_e expert_e(x)</c>.</summary>
    internal sealed class MixtureOfExpertsGraph : ArchitectureGraph
    {
        private readonly IReadOnlyList<BlockStack> experts;
        private readonly IReadOnlyList<DenseBlock> gates;
        private readonly int size;

        public MixtureOfExpertsGraph(IReadOnlyList<BlockStack> experts, IReadOnlyList<DenseBlock> gates)
        {
            this.experts = experts;
            this.gates = gates;
            size = ExpertNetworks.CommonSize(experts, nameof(MixtureOfExperts));
        }

        public override IReadOnlyList<ParameterSpec> Parameters
            => experts.SelectMany(e => e.Parameters).Concat(gates.SelectMany(g => g.Parameters)).ToArray();

        public override IReadOnlyList<int> RepresentationSizes => Enumerable.Repeat(size, gates.Count).ToArray();


        public override IReadOnlyList<T> Forward<T>(INetworkOps<T> ops, T x)
        {
            var outputs = experts.Select(e => e.Forward(ops, x)).ToArray();
            return gates.Select(g => ops.Mix(ops.Softmax(g.Forward(ops, x)), outputs)).ToArray();
        }
    }
}
