using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace MultiTask.MLNet.Model.Ops
{
    /// <summary>
    /// The arithmetic of one sample's forward pass on spans (no batch axis, no allocation): what
    /// <see cref="ForwardPlan"/>'s steps run.
    /// </summary>
    internal static class SampleKernels
    {
        /// <summary>Layers with at least this many outputs keep their weights input by input (see <see cref="LinearByColumns"/>).</summary>
        public static int ColumnWidth => Vector<float>.Count;

        /// <summary>W [out, in] stored input by input, [in, out], for <see cref="LinearByColumns"/>.</summary>
        public static float[] Transpose(float[] w, int outputs, int inputs)
        {
            var t = new float[w.Length];
            for (int o = 0; o < outputs; o++)
                for (int i = 0; i < inputs; i++)
                    t[i * outputs + o] = w[o * inputs + i];
            return t;
        }

        /// <summary>
        /// y = b + sum_i x_i W[:, i] with <paramref name="columns"/> = W^T: one multiply-add of a whole column per input.
        /// Written over <see cref="Vector{T}"/> rather than with one TensorPrimitives call per input because the columns
        /// are short (tens of values): the calls' fixed cost was most of a single prediction's time.
        /// </summary>
        public static void LinearByColumns(ReadOnlySpan<float> x, float[] columns, float[] bias, Span<float> y)
        {
            int outputs = bias.Length, vectors = outputs / Vector<float>.Count, tail = vectors * Vector<float>.Count;
            bias.CopyTo(y);
            var yv = MemoryMarshal.Cast<float, Vector<float>>(y[..tail]);
            for (int i = 0; i < x.Length; i++)
            {
                var column = columns.AsSpan(i * outputs, outputs);
                var wv = MemoryMarshal.Cast<float, Vector<float>>(column[..tail]);
                var xi = new Vector<float>(x[i]);
                for (int v = 0; v < yv.Length; v++)
                    yv[v] = Vector.FusedMultiplyAdd(wv[v], xi, yv[v]);
                for (int o = tail; o < outputs; o++)
                    y[o] = MathF.FusedMultiplyAdd(column[o], x[i], y[o]);
            }
        }

        /// <summary>y_o = W[o, :] . x + b_o, for layers too narrow for <see cref="LinearByColumns"/>.</summary>
        public static void LinearByRows(ReadOnlySpan<float> x, float[] w, float[] bias, Span<float> y)
        {
            for (int o = 0; o < bias.Length; o++)
                y[o] = TensorPrimitives.Dot(x, w.AsSpan(o * x.Length, x.Length)) + bias[o];
        }

        public static void Activate(ReadOnlySpan<float> x, Activation activation, Span<float> y)
        {
            switch (activation)
            {
                case Activation.ReLU:
                    TensorPrimitives.Max(x, 0f, y);
                    break;
                case Activation.Tanh:
                    TensorPrimitives.Tanh(x, y);
                    break;
                case Activation.Sigmoid:
                    TensorPrimitives.Sigmoid(x, y);
                    break;
                case Activation.LeakyReLU:
                    for (int i = 0; i < y.Length; i++)
                        y[i] = x[i] >= 0 ? x[i] : 0.01f * x[i];
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
            }
        }

        /// <summary>2-D convolution of x [C, H, W] with w [F, C, k, k] and b [F] into y [F, H', W'].</summary>
        public static void Conv2d(ReadOnlySpan<float> x, int channels, int height, int width, float[] w, float[] bias, int kernel, int stride, int padding, Span<float> y)
        {
            int filters = bias.Length;
            int outHeight = (height + 2 * padding - kernel) / stride + 1, outWidth = (width + 2 * padding - kernel) / stride + 1;
            for (int f = 0; f < filters; f++)
                for (int i = 0; i < outHeight; i++)
                    for (int j = 0; j < outWidth; j++)
                    {
                        float sum = bias[f];
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
                                        sum += x[(c * height + r) * width + s] * w[((f * channels + c) * kernel + u) * kernel + v];
                                }
                            }
                        y[(f * outHeight + i) * outWidth + j] = sum;
                    }
        }

        /// <summary>Max pooling of x [C, H, W] with a square window of <paramref name="size"/> and the same stride.</summary>
        public static void MaxPool2d(ReadOnlySpan<float> x, int channels, int height, int width, int size, Span<float> y)
        {
            int outHeight = height / size, outWidth = width / size;
            for (int c = 0; c < channels; c++)
                for (int i = 0; i < outHeight; i++)
                    for (int j = 0; j < outWidth; j++)
                    {
                        float best = float.NegativeInfinity;
                        for (int u = 0; u < size; u++)
                            for (int v = 0; v < size; v++)
                            {
                                float value = x[(c * height + i * size + u) * width + j * size + v];
                                // NaN propagates, as in ONNX's MaxPool and LibTorch's max_pool2d: once taken, no value replaces it.
                                best = float.IsNaN(value) || value > best ? value : best;
                            }
                        y[(c * outHeight + i) * outWidth + j] = best;
                    }
        }
    }
}
