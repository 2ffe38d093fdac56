using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Model.Ops;

namespace MultiTask.MLNet.Model.Blocks
{
    /// <summary>Reads each sample as another shape of the same size: a feature vector as an image, or an image as a vector.</summary>
    internal sealed class ReshapeBlock : IBlock
    {
        public ReshapeBlock(params long[] shape) => OutputShape = shape;

        /// <summary>Flattens samples of <paramref name="shape"/> into vectors.</summary>
        public static ReshapeBlock Flatten(IReadOnlyList<long> shape) => new ReshapeBlock(shape.Aggregate(1L, (a, b) => a * b));

        public IReadOnlyList<long> OutputShape { get; }

        public IReadOnlyList<ParameterSpec> Parameters => System.Array.Empty<ParameterSpec>();

        public T Forward<T>(INetworkOps<T> ops, T x) => ops.Reshape(x, OutputShape);
    }
}
