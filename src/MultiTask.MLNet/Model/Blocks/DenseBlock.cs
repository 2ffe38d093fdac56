using System;
using System.Collections.Generic;
using MultiTask.MLNet.Model.Ops;

namespace MultiTask.MLNet.Model.Blocks
{
    /// <summary>A dense layer <c>x W^T + b</c>, then optionally the activation and dropout.</summary>
    internal sealed class DenseBlock : IBlock
    {
        private readonly string weight, bias;
        private readonly Activation? activation;
        private readonly float dropout;

        /// <summary>
        /// A layer from <paramref name="inputs"/> to <paramref name="outputs"/> values, owned by <paramref name="owner"/> (a
        /// task, or <see cref="ParameterSpec.Shared"/>), its parameters named <c>name.weight</c> [outputs, inputs] and
        /// <c>name.bias</c>; then <paramref name="activation"/> and <paramref name="dropout"/>, or neither when the activation
        /// is null (a linear output layer or gate).
        /// </summary>
        public DenseBlock(string name, int owner, int inputs, int outputs, Activation? activation, float dropout)
        {
            if (inputs <= 0 || outputs <= 0)
                throw new ArgumentOutOfRangeException(nameof(outputs), $"Dense layer '{name}' would map {inputs} to {outputs} values; both must be >= 1.");
            weight = name + ".weight";
            bias = name + ".bias";
            this.activation = activation;
            this.dropout = activation == null ? 0 : dropout;
            Inputs = inputs;
            Outputs = outputs;
            Parameters = new[] { ParameterSpec.Weight(weight, owner, outputs, inputs), ParameterSpec.Bias(bias, owner, inputs, outputs) };
        }

        public int Inputs { get; }
        public int Outputs { get; }

        /// <summary>The name of the weight [outputs, inputs].</summary>
        public string WeightName => weight;

        public IReadOnlyList<long> OutputShape => new long[] { Outputs };

        public IReadOnlyList<ParameterSpec> Parameters { get; }

        public T Forward<T>(INetworkOps<T> ops, T x)
        {
            var h = ops.Linear(x, weight, bias);
            if (activation is Activation a)
                h = ops.Dropout(ops.Activate(h, a), dropout);
            return h;
        }
    }
}
