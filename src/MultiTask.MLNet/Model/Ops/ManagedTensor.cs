using System;

namespace MultiTask.MLNet.Model.Ops
{
    /// <summary>A dense float array with a shape (row-major), the value type of <see cref="ManagedOps"/>.</summary>
    internal sealed class ManagedTensor
    {
        public ManagedTensor(float[] data, params int[] shape)
        {
            long size = 1;
            foreach (int d in shape)
                size *= d;
            if (size != data.Length)
                throw new ArgumentException($"A tensor of shape [{string.Join(", ", shape)}] needs {size} values, got {data.Length}.");
            Data = data;
            Shape = shape;
        }

        public float[] Data { get; }
        public int[] Shape { get; }

        /// <summary>Values per row (everything after the batch axis).</summary>
        public int RowSize => Data.Length / Shape[0];

        public Span<float> Row(int n) => Data.AsSpan(n * RowSize, RowSize);
    }
}
