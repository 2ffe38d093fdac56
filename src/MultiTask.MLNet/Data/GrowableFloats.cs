using System;

namespace MultiTask.MLNet.Data
{
    /// <summary>A float buffer filled row by row: sized once when the row count is known, doubled otherwise.</summary>
    internal sealed class GrowableFloats
    {
        private float[] values;

        public GrowableFloats(long expected) => values = new float[Math.Max(16, expected)];

        public int Count { get; private set; }

        /// <summary>Room for <paramref name="count"/> more values, to be written through the returned span.</summary>
        public Span<float> Append(int count)
        {
            if (Count + count > values.Length)
                Array.Resize(ref values, Math.Max(values.Length * 2, Count + count));
            var span = values.AsSpan(Count, count);
            Count += count;
            return span;
        }

        public void Add(float value) => Append(1)[0] = value;

        public float this[int index]
        {
            get => values[index];
            set => values[index] = value;
        }

        public float[] ToArray() => Count == values.Length ? values : values.AsSpan(0, Count).ToArray();
    }
}
