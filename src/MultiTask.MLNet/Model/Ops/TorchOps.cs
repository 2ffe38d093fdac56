using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Model.Ops
{
    /// <summary>Runs a network's forward pass on TorchSharp tensors, with its parameters looked up by name.</summary>
    internal sealed class TorchOps : INetworkOps<Tensor>
    {
        private readonly IReadOnlyDictionary<string, Parameter> parameters;
        private readonly Func<bool> training;

        /// <param name="parameters">The network's parameters by name.</param>
        /// <param name="training">Whether the network is in training mode (dropout active).</param>
        public TorchOps(IReadOnlyDictionary<string, Parameter> parameters, Func<bool> training)
        {
            this.parameters = parameters;
            this.training = training;
        }

        public Tensor Parameter(string name) => parameters.TryGetValue(name, out var p) ? p
            : throw new InvalidOperationException($"The network has no parameter '{name}'.");

        public Tensor Linear(Tensor x, string weight, string bias) => nn.functional.linear(x, Parameter(weight), Parameter(bias));

        public Tensor Activate(Tensor x, Activation activation) => activation switch
        {
            Activation.ReLU => nn.functional.relu(x),
            Activation.Tanh => x.tanh(),
            Activation.Sigmoid => x.sigmoid(),
            Activation.LeakyReLU => nn.functional.leaky_relu(x, 0.01),
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
        };

        public Tensor Dropout(Tensor x, float p) => p > 0 ? nn.functional.dropout(x, p, training()) : x;

        // The convolution as an explicit im2col (unfold) and one matrix product rather than LibTorch's conv2d: on this
        // platform, LibTorch 2.10's CPU convolution backward returns non-finite gradients for finite inputs (the benchmarks'
        // --convolution-check counts them), and a network trained with it diverges. Unfold and matmul are exact,
        // deterministic and differentiable. All rows' patches form one [N*L, C*k*k] matrix, so forward and backward are
        // single GEMMs rather than a batched product that broadcasts the weight. The exported graph keeps ONNX's Conv,
        // which computes the same.
        public Tensor Conv2d(Tensor x, string weight, string bias, int stride, int padding)
        {
            var w = Parameter(weight);
            long rows = x.shape[0], filters = w.shape[0], kernel = w.shape[2];
            long height = (x.shape[2] + 2 * padding - kernel) / stride + 1, width = (x.shape[3] + 2 * padding - kernel) / stride + 1;
            var patches = nn.functional.unfold(x, kernel, dilation: 1, padding: padding, stride: stride).transpose(1, 2).reshape(rows * height * width, -1);
            var output = torch.addmm(Parameter(bias), patches, w.reshape(filters, -1).t(), 1, 1);
            return output.reshape(rows, height * width, filters).transpose(1, 2).reshape(rows, filters, height, width);
        }

        public Tensor MaxPool2d(Tensor x, int size) => nn.functional.max_pool2d(x, new long[] { size, size }, new long[] { size, size });

        public Tensor Reshape(Tensor x, IReadOnlyList<long> sampleShape) => x.reshape(sampleShape.Prepend(-1L).ToArray());

        public Tensor Softmax(Tensor x) => torch.softmax(x, -1);

        public Tensor Mix(Tensor weights, IReadOnlyList<Tensor> values)
            => weights.unsqueeze(1).matmul(torch.stack(values, 1)).squeeze(1);

        public IReadOnlyList<Tensor> Stitch(string unit, IReadOnlyList<Tensor> columns, IReadOnlyList<long> sampleShape)
        {
            var stacked = torch.stack(columns, 0);
            var mixed = Parameter(unit).matmul(stacked.reshape(columns.Count, -1)).reshape(stacked.shape);
            return Enumerable.Range(0, columns.Count).Select(k => mixed[k]).ToArray();
        }
    }
}
