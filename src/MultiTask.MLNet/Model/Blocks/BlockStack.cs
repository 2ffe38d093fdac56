using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Model.Ops;

namespace MultiTask.MLNet.Model.Blocks
{
    /// <summary>Blocks applied one after the other: an encoder, an expert, a column or a head.</summary>
    internal sealed class BlockStack : IBlock
    {
        public BlockStack(IReadOnlyList<long> inputShape, IReadOnlyList<IBlock> blocks)
        {
            InputShape = inputShape.ToArray();
            Blocks = blocks.ToArray();
        }

        public IReadOnlyList<long> InputShape { get; }
        public IReadOnlyList<IBlock> Blocks { get; }

        public IReadOnlyList<long> OutputShape => Blocks.Count == 0 ? InputShape : Blocks[^1].OutputShape;

        /// <summary>The number of values of one output sample.</summary>
        public int OutputSize => (int)OutputShape.Aggregate(1L, (a, b) => a * b);

        public IReadOnlyList<ParameterSpec> Parameters => Blocks.SelectMany(b => b.Parameters).ToArray();

        /// <summary>The last dense layer's weight name, or null: where GradNorm measures gradient norms.</summary>
        public string LastDenseWeight => Blocks.OfType<DenseBlock>().LastOrDefault()?.WeightName;

        public T Forward<T>(INetworkOps<T> ops, T x)
        {
            foreach (var block in Blocks)
                x = block.Forward(ops, x);
            return x;
        }

        /// <summary>
        /// Dense layers of <paramref name="sizes"/> named <c>prefix.layer{i}</c>, each followed by the activation and dropout,
        /// except the last when <paramref name="activateLast"/> is false (an output layer).
        /// </summary>
        public static BlockStack Dense(string prefix, int owner, int inputSize, IReadOnlyList<int> sizes, Activation activation, float dropout, bool activateLast)
        {
            var blocks = new List<IBlock>();
            int previous = inputSize;
            for (int i = 0; i < sizes.Count; i++)
            {
                bool activated = i < sizes.Count - 1 || activateLast;
                blocks.Add(new DenseBlock($"{prefix}.layer{i}", owner, previous, sizes[i], activated ? activation : null, dropout));
                previous = sizes[i];
            }
            return new BlockStack(new long[] { inputSize }, blocks);
        }
    }
}
