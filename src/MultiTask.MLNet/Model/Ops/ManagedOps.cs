using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using MultiTask.MLNet.Runtime;

namespace MultiTask.MLNet.Model.Ops
{
    /// <summary>
    /// Runs a network's forward pass in managed code on float arrays (scoring only: dropout is the identity), with
    /// <see cref="TensorPrimitives"/> for the inner loops: the third interpreter of the forward pass written once
    /// (<see cref="INetworkOps{T}"/>), for single predictions where a call into ONNX Runtime costs more than the network.
    /// </summary>
    internal sealed class ManagedOps : INetworkOps<ManagedTensor>
    {
        private readonly IReadOnlyDictionary<string, ManagedTensor> parameters;
        private readonly Dictionary<string, float[]> columns = new Dictionary<string, float[]>();

        /// <summary>An interpreter over <paramref name="state"/>; keep one per model. It only reads, so threads may share it.</summary>
        public ManagedOps(StateDict state)
        {
            parameters = state.Names.ToDictionary(name => name, name => new ManagedTensor(state[name].Values, state[name].Shape.Select(d => (int)d).ToArray()));
            // Weights with fewer inputs than outputs also column by column: one row's product is then fewer, longer
            // vector operations (made once, read by every thread).
            foreach (var (name, w) in parameters.Where(p => p.Value.Shape.Length == 2 && p.Value.Shape[1] < p.Value.Shape[0]))
            {
                int outputs = w.Shape[0], inputs = w.Shape[1];
                var t = new float[w.Data.Length];
                for (int o = 0; o < outputs; o++)
                    for (int i = 0; i < inputs; i++)
                        t[i * outputs + o] = w.Data[o * inputs + i];
                columns[name] = t;
            }
        }

        public ManagedTensor Parameter(string name)
            => parameters.TryGetValue(name, out var parameter) ? parameter : throw new InvalidOperationException($"The network has no parameter '{name}'.");

        public ManagedTensor Linear(ManagedTensor x, string weight, string bias)
        {
            var w = Parameter(weight);
            var b = Parameter(bias).Data;
            int rows = x.Shape[0], outputs = w.Shape[0], inputs = w.Shape[1];
            var y = new float[rows * outputs];
            if (rows == 1 && columns.TryGetValue(weight, out var t))
            {
                // y = b + sum_i x_i W[:, i]: one multiply-add per input instead of one dot product per output.
                b.CopyTo(y, 0);
                for (int i = 0; i < inputs; i++)
                    TensorPrimitives.MultiplyAdd(t.AsSpan(i * outputs, outputs), x.Data[i], y, y);
                return new ManagedTensor(y, rows, outputs);
            }
            for (int n = 0; n < rows; n++)
            {
                var input = x.Row(n);
                for (int o = 0; o < outputs; o++)
                    y[n * outputs + o] = TensorPrimitives.Dot(input, w.Data.AsSpan(o * inputs, inputs)) + b[o];
            }
            return new ManagedTensor(y, rows, outputs);
        }

        public ManagedTensor Activate(ManagedTensor x, Activation activation)
        {
            var y = new float[x.Data.Length];
            switch (activation)
            {
                case Activation.ReLU:
                    TensorPrimitives.Max(x.Data, 0f, y);
                    break;
                case Activation.Tanh:
                    TensorPrimitives.Tanh(x.Data, y);
                    break;
                case Activation.Sigmoid:
                    TensorPrimitives.Sigmoid(x.Data, y);
                    break;
                case Activation.LeakyReLU:
                    for (int i = 0; i < y.Length; i++)
                        y[i] = x.Data[i] >= 0 ? x.Data[i] : 0.01f * x.Data[i];
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
            }
            return new ManagedTensor(y, x.Shape);
        }

        public ManagedTensor Dropout(ManagedTensor x, float p) => x;

        public ManagedTensor Conv2d(ManagedTensor x, string weight, string bias, int stride, int padding)
        {
            var w = Parameter(weight);
            var b = Parameter(bias).Data;
            int rows = x.Shape[0], channels = x.Shape[1], height = x.Shape[2], width = x.Shape[3];
            int filters = w.Shape[0], kernel = w.Shape[2];
            int outHeight = (height + 2 * padding - kernel) / stride + 1, outWidth = (width + 2 * padding - kernel) / stride + 1;
            var y = new float[rows * filters * outHeight * outWidth];
            for (int n = 0; n < rows; n++)
                for (int f = 0; f < filters; f++)
                    for (int i = 0; i < outHeight; i++)
                        for (int j = 0; j < outWidth; j++)
                        {
                            float sum = b[f];
                            for (int c = 0; c < channels; c++)
                                for (int u = 0; u < kernel; u++)
                                {
                                    int r = i * stride - padding + u;
                                    if (r < 0 || r >= height)
                                        continue;
                                    for (int v = 0; v < kernel; v++)
                                    {
                                        int s = j * stride - padding + v;
                                        if (s >= 0 && s < width)
                                            sum += x.Data[((n * channels + c) * height + r) * width + s] * w.Data[((f * channels + c) * kernel + u) * kernel + v];
                                    }
                                }
                            y[((n * filters + f) * outHeight + i) * outWidth + j] = sum;
                        }
            return new ManagedTensor(y, rows, filters, outHeight, outWidth);
        }

        public ManagedTensor MaxPool2d(ManagedTensor x, int size)
        {
            int rows = x.Shape[0], channels = x.Shape[1], height = x.Shape[2] / size, width = x.Shape[3] / size;
            var y = new float[rows * channels * height * width];
            for (int n = 0; n < rows; n++)
                for (int c = 0; c < channels; c++)
                    for (int i = 0; i < height; i++)
                        for (int j = 0; j < width; j++)
                        {
                            float best = float.NegativeInfinity;
                            for (int u = 0; u < size; u++)
                                for (int v = 0; v < size; v++)
                                {
                                    float value = x.Data[((n * channels + c) * x.Shape[2] + i * size + u) * x.Shape[3] + j * size + v];
                                    // NaN propagates, as in ONNX's MaxPool and LibTorch's max_pool2d.
                                    best = float.IsNaN(value) || value > best ? value : best;
                                    if (float.IsNaN(best))
                                        break;
                                }
                            y[((n * channels + c) * height + i) * width + j] = best;
                        }
            return new ManagedTensor(y, rows, channels, height, width);
        }

        public ManagedTensor Reshape(ManagedTensor x, IReadOnlyList<long> sampleShape)
            => new ManagedTensor(x.Data, sampleShape.Select(d => (int)d).Prepend(x.Shape[0]).ToArray());

        public ManagedTensor Softmax(ManagedTensor x)
        {
            var y = new float[x.Data.Length];
            for (int n = 0; n < x.Shape[0]; n++)
                StableSoftmax.Compute(x.Row(n), y.AsSpan(n * x.RowSize, x.RowSize));
            return new ManagedTensor(y, x.Shape);
        }

        public ManagedTensor Mix(ManagedTensor weights, IReadOnlyList<ManagedTensor> values)
        {
            int rows = weights.Shape[0], size = values[0].RowSize;
            var y = new float[rows * size];
            for (int n = 0; n < rows; n++)
                for (int e = 0; e < values.Count; e++)
                    TensorPrimitives.MultiplyAdd(values[e].Row(n), weights.Data[n * values.Count + e], y.AsSpan(n * size, size), y.AsSpan(n * size, size));
            return new ManagedTensor(y, values[0].Shape);
        }

        public IReadOnlyList<ManagedTensor> Stitch(string unit, IReadOnlyList<ManagedTensor> columns, IReadOnlyList<long> sampleShape)
        {
            var u = Parameter(unit).Data;
            int k = columns.Count;
            return Enumerable.Range(0, k).Select(i =>
            {
                var y = new float[columns[i].Data.Length];
                for (int j = 0; j < k; j++)
                    TensorPrimitives.MultiplyAdd(columns[j].Data, u[i * k + j], y, y);
                return new ManagedTensor(y, columns[i].Shape);
            }).ToArray();
        }
    }
}
