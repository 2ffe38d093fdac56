using System;
using System.Numerics.Tensors;

namespace MultiTask.MLNet.Runtime
{
    /// <summary>
    /// Softmax with the maximum subtracted first, as ONNX Runtime and LibTorch compute it: TensorPrimitives.SoftMax
    /// exponentiates the raw values, so logits above about 88 overflow to infinity and give NaN where the exported graph
    /// gives probabilities. A row with a NaN, or with +infinity, gives NaN as in the graph.
    /// </summary>
    internal static class StableSoftmax
    {
        public static void Compute(ReadOnlySpan<float> x, Span<float> destination)
        {
            float max = TensorPrimitives.Max(x);
            TensorPrimitives.Subtract(x, max, destination);
            TensorPrimitives.Exp(destination, destination);
            TensorPrimitives.Divide(destination, TensorPrimitives.Sum(destination), destination);
        }
    }
}
