using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Model.Blocks;
using MultiTask.MLNet.Model.Ops;

namespace MultiTask.MLNet.Model.Architectures
{
    /// <summary>Cross-stitch: K columns of the same blocks; after every block with parameters but the last, a unit mixes them.</summary>
    internal sealed class CrossStitchGraph : ArchitectureGraph
    {
        private readonly IReadOnlyList<BlockStack> columns;
        private readonly IReadOnlyList<ParameterSpec> units;
        private readonly IReadOnlyDictionary<int, string> unitAfterBlock;

        public CrossStitchGraph(IReadOnlyList<BlockStack> columns, float selfWeight)
        {
            this.columns = columns;
            int k = columns.Count;
            var layers = Enumerable.Range(0, columns[0].Blocks.Count).Where(b => columns[0].Blocks[b].Parameters.Count > 0).ToList();
            float other = k > 1 ? (1 - selfWeight) / (k - 1) : 0;
            var start = Enumerable.Range(0, k * k).Select(i => i / k == i % k ? selfWeight : other).ToArray();
            unitAfterBlock = layers.Take(layers.Count - 1).Select((block, i) => (block, name: $"stitch{i}")).ToDictionary(p => p.block, p => p.name);
            units = unitAfterBlock.Values.Select(name => ParameterSpec.Constant(name, ParameterSpec.Shared, (float[])start.Clone(), k, k)).ToArray();
        }

        public override IReadOnlyList<ParameterSpec> Parameters => columns.SelectMany(c => c.Parameters).Concat(units).ToArray();

        public override IReadOnlyList<int> RepresentationSizes => columns.Select(c => c.OutputSize).ToArray();


        public override IReadOnlyList<T> Forward<T>(INetworkOps<T> ops, T x)
        {
            IReadOnlyList<T> h = Enumerable.Repeat(x, columns.Count).ToArray();
            for (int b = 0; b < columns[0].Blocks.Count; b++)
            {
                h = columns.Select((c, k) => c.Blocks[b].Forward(ops, h[k])).ToArray();
                if (unitAfterBlock.TryGetValue(b, out var unit))
                    h = ops.Stitch(unit, h, columns[0].Blocks[b].OutputShape);
            }
            return h;
        }
    }
}
