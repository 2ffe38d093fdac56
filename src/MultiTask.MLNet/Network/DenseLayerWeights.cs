using System;

namespace MultiTask.MLNet.Network
{
    /// <summary>Weights of one dense layer as plain arrays: <c>y = x W^T + b</c>, W stored row-major as [outputs, inputs].</summary>
    internal sealed class DenseLayerWeights
    {
        public DenseLayerWeights(int inputs, int outputs, float[] weight, float[] bias)
        {
            if (weight.Length != inputs * outputs || bias.Length != outputs)
                throw new ArgumentException($"Dense layer {inputs}->{outputs} needs {inputs * outputs} weights and {outputs} biases, got {weight.Length} and {bias.Length}.");
            Inputs = inputs;
            Outputs = outputs;
            Weight = weight;
            Bias = bias;
        }

        public int Inputs { get; }
        public int Outputs { get; }
        public float[] Weight { get; }
        public float[] Bias { get; }

        /// <summary>W transposed to [inputs, outputs], the layout of ONNX MatMul's right operand.</summary>
        public float[] TransposedWeight()
        {
            var t = new float[Weight.Length];
            for (int o = 0; o < Outputs; o++)
                for (int i = 0; i < Inputs; i++)
                    t[i * Outputs + o] = Weight[o * Inputs + i];
            return t;
        }
    }
}
