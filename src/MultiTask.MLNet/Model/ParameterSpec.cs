using System;
using System.Collections.Generic;
using System.Linq;

namespace MultiTask.MLNet.Model
{
    /// <summary>How a parameter's first values are drawn.</summary>
    internal enum ParameterInit
    {
        /// <summary>A dense or convolution weight: <see cref="WeightInitialization"/> decides, from the fans of its shape.</summary>
        Weight,

        /// <summary>A bias: uniform in ±1/sqrt(fan-in) (TorchSharp's default), or 0 under Glorot and He.</summary>
        Bias,

        /// <summary>Given values (a cross-stitch unit).</summary>
        Constant,
    }

    /// <summary>
    /// One trained tensor of a network: its name (the key in the state dictionary and the ONNX initializer's name), shape,
    /// how it starts, and who owns it: every task (shared) or one task.
    /// </summary>
    internal sealed class ParameterSpec
    {
        /// <summary>The owner of a shared parameter.</summary>
        public const int Shared = -1;

        private ParameterSpec(string name, long[] shape, ParameterInit init, int owner, long fanIn, float[] values)
        {
            if (shape.Any(d => d <= 0))
                throw new ArgumentOutOfRangeException(nameof(shape), $"Parameter '{name}' has shape [{string.Join(", ", shape)}]; every dimension must be >= 1.");
            Name = name;
            Shape = shape;
            Init = init;
            Owner = owner;
            FanIn = fanIn;
            Values = values;
        }

        public string Name { get; }
        public IReadOnlyList<long> Shape { get; }
        public ParameterInit Init { get; }

        /// <summary><see cref="Shared"/>, or the index of the task that alone uses this parameter.</summary>
        public int Owner { get; }

        /// <summary>A bias's fan-in (the inputs of its layer), which bounds its default draw; 0 for other parameters.</summary>
        public long FanIn { get; }

        /// <summary>The start values of a <see cref="ParameterInit.Constant"/> parameter.</summary>
        public float[] Values { get; }

        public long Count => Shape.Aggregate(1L, (a, b) => a * b);

        /// <summary>A weight; its fans come from its shape ([outputs, inputs, kernel...]), as TorchSharp computes them.</summary>
        public static ParameterSpec Weight(string name, int owner, params long[] shape)
            => new ParameterSpec(name, shape, ParameterInit.Weight, owner, 0, null);

        public static ParameterSpec Bias(string name, int owner, long fanIn, long size)
            => new ParameterSpec(name, new[] { size }, ParameterInit.Bias, owner, fanIn, null);

        public static ParameterSpec Constant(string name, int owner, float[] values, params long[] shape)
            => new ParameterSpec(name, shape, ParameterInit.Constant, owner, 0, values);

    }
}
