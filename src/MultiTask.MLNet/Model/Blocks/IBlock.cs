using System.Collections.Generic;
using MultiTask.MLNet.Model.Ops;

namespace MultiTask.MLNet.Model.Blocks
{
    /// <summary>
    /// One layer-like piece of a network (dense, convolution, reshape, ...): the parameters it declares, the shape of one
    /// sample it outputs, and its forward pass, written once for training and for ONNX (see <see cref="INetworkOps{T}"/>).
    /// </summary>
    internal interface IBlock
    {
        /// <summary>The shape of one output sample (without the batch axis).</summary>
        IReadOnlyList<long> OutputShape { get; }

        /// <summary>The block's trained tensors; empty for a block without any.</summary>
        IReadOnlyList<ParameterSpec> Parameters { get; }

        T Forward<T>(INetworkOps<T> ops, T x);
    }
}
