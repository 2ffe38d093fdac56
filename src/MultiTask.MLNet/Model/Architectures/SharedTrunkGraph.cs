using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Model.Blocks;
using MultiTask.MLNet.Model.Ops;

namespace MultiTask.MLNet.Model.Architectures
{
    /// <summary>One shared encoder (dense or convolutional) whose output is every task's representation.</summary>
    internal sealed class SharedTrunkGraph : ArchitectureGraph
    {
        private readonly BlockStack trunk;
        private readonly int tasks;

        public SharedTrunkGraph(BlockStack trunk, int taskCount)
        {
            this.trunk = trunk;
            tasks = taskCount;
        }

        public override IReadOnlyList<ParameterSpec> Parameters => trunk.Parameters;

        public override IReadOnlyList<int> RepresentationSizes => Enumerable.Repeat(trunk.OutputSize, tasks).ToArray();


        public override string LastSharedWeight => trunk.LastDenseWeight;

        public override IReadOnlyList<T> Forward<T>(INetworkOps<T> ops, T x)
        {
            var z = trunk.Forward(ops, x);
            return Enumerable.Repeat(z, tasks).ToArray();
        }
    }
}
