using System;
using System.Collections.Generic;
using MultiTask.MLNet.Model.Ops;

namespace MultiTask.MLNet.Model.Blocks
{
    /// <summary>A 2-D convolution over [C, H, W] samples, the activation, optional max pooling, then optional dropout.</summary>
    internal sealed class Conv2dBlock : IBlock
    {
        private readonly string weight, bias;
        private readonly int stride, padding, pool;
        private readonly Activation activation;
        private readonly float dropout;

        /// <summary>
        /// A layer reading samples of shape <paramref name="input"/> [C, H, W], owned by <paramref name="owner"/>: its
        /// parameters are <c>name.weight</c> [filters, C, k, k] and <c>name.bias</c>; <paramref name="option"/> is how the
        /// user names it in errors (for example "ConvolutionalTrunk.Convolutions[1]"). <paramref name="filters"/>,
        /// <paramref name="kernelSize"/>, <paramref name="stride"/>, <paramref name="padding"/>, <paramref name="pool"/>,
        /// <paramref name="activation"/> and <paramref name="dropout"/> are the layer's settings.
        /// </summary>
        public Conv2dBlock(string name, string option, int owner, IReadOnlyList<long> input, int filters, int kernelSize, int stride, int padding,
            int pool, Activation activation, float dropout)
        {
            long channels = input[0];
            long height = Reduce(Reduce(input[1], kernelSize, stride, padding), pool);
            long width = Reduce(Reduce(input[2], kernelSize, stride, padding), pool);
            if (height < 1 || width < 1)
                throw new ArgumentOutOfRangeException(option,
                    $"{option} (kernel {kernelSize}, stride {stride}, padding {padding}, pooling {pool}) leaves no output from an input of " +
                    $"[{string.Join(", ", input)}] (channels, height, width); use a smaller kernel, stride or pooling, or more padding.");
            weight = name + ".weight";
            bias = name + ".bias";
            this.stride = stride;
            this.padding = padding;
            this.pool = pool;
            this.activation = activation;
            this.dropout = dropout;
            long fanIn = channels * kernelSize * kernelSize;
            Parameters = new[]
            {
                ParameterSpec.Weight(weight, owner, filters, channels, kernelSize, kernelSize),
                ParameterSpec.Bias(bias, owner, fanIn, filters),
            };
            OutputShape = new[] { filters, height, width };
        }

        public IReadOnlyList<long> OutputShape { get; }

        public IReadOnlyList<ParameterSpec> Parameters { get; }

        public T Forward<T>(INetworkOps<T> ops, T x)
        {
            var h = ops.Activate(ops.Conv2d(x, weight, bias, stride, padding), activation);
            if (pool > 1)
                h = ops.MaxPool2d(h, pool);
            return ops.Dropout(h, dropout);
        }

        // Output length of a convolution (or, with stride = size and no padding, of a pooling) along one axis.
        private static long Reduce(long length, int kernel, int stride, int padding) => (length + 2 * padding - kernel) / stride + 1;

        private static long Reduce(long length, int pool) => pool > 1 ? length / pool : length;
    }
}
