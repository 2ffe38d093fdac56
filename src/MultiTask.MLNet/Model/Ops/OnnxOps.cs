using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Onnx;

namespace MultiTask.MLNet.Model.Ops
{
    /// <summary>
    /// Writes a network's forward pass as ONNX nodes (opset 13); a parameter becomes an initializer of the same name,
    /// holding the trained values from the <see cref="StateDict"/>.
    /// </summary>
    internal sealed class OnnxOps : INetworkOps<string>
    {
        private readonly OnnxGraphBuilder g;
        private readonly StateDict state;

        public OnnxOps(OnnxGraphBuilder graph, StateDict state)
        {
            g = graph;
            this.state = state;
        }

        // Each parameter is read once by the forward pass; a second read would be refused by the builder as a duplicate name.
        public string Parameter(string name)
        {
            var tensor = state[name];
            return g.NamedFloatInitializer(name, tensor.Values, tensor.Shape);
        }

        public string Linear(string x, string weight, string bias)
            => g.Node("Gemm", new[] { x, Parameter(weight), Parameter(bias) }, null, OnnxAttribute.Int("transB", 1));

        public string Activate(string x, Activation activation) => activation switch
        {
            Activation.ReLU => g.Node("Relu", new[] { x }),
            Activation.Tanh => g.Node("Tanh", new[] { x }),
            Activation.Sigmoid => g.Node("Sigmoid", new[] { x }),
            Activation.LeakyReLU => g.Node("LeakyRelu", new[] { x }, null, OnnxAttribute.Float("alpha", 0.01f)),
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
        };

        public string Dropout(string x, float p) => x;

        public string Conv2d(string x, string weight, string bias, int stride, int padding)
        {
            var kernel = state[weight].Shape;
            return g.Node("Conv", new[] { x, Parameter(weight), Parameter(bias) }, null,
                OnnxAttribute.Ints("kernel_shape", kernel[2], kernel[3]), OnnxAttribute.Ints("strides", stride, stride),
                OnnxAttribute.Ints("pads", padding, padding, padding, padding));
        }

        public string MaxPool2d(string x, int size)
            => g.Node("MaxPool", new[] { x }, null, OnnxAttribute.Ints("kernel_shape", size, size), OnnxAttribute.Ints("strides", size, size));

        public string Reshape(string x, IReadOnlyList<long> sampleShape)
            => g.Node("Reshape", new[] { x, Shape(sampleShape.Prepend(-1L)) });

        public string Softmax(string x) => g.Node("Softmax", new[] { x }, null, OnnxAttribute.Int("axis", -1));

        public string Mix(string weights, IReadOnlyList<string> values)
        {
            var stacked = g.Node("Concat", values.Select(v => g.Unsqueeze(v, 1)).ToArray(), null, OnnxAttribute.Int("axis", 1));
            var mixed = g.Node("MatMul", new[] { g.Unsqueeze(weights, 1), stacked });
            return g.Squeeze(mixed, 1);
        }

        public IReadOnlyList<string> Stitch(string unit, IReadOnlyList<string> columns, IReadOnlyList<long> sampleShape)
        {
            long k = columns.Count;
            var stacked = g.Node("Concat", columns.Select(c => g.Unsqueeze(c, 0)).ToArray(), null, OnnxAttribute.Int("axis", 0));
            var flat = g.Node("Reshape", new[] { stacked, Shape(new[] { k, -1L }) });
            var mixed = g.Node("MatMul", new[] { Parameter(unit), flat });
            var shaped = g.Node("Reshape", new[] { mixed, Shape(sampleShape.Prepend(-1L).Prepend(k)) });
            return Enumerable.Range(0, columns.Count)
                .Select(i => g.Node("Gather", new[] { shaped, g.Int64Initializer("column", new[] { (long)i }) }, null, OnnxAttribute.Int("axis", 0)))
                .ToArray();
        }

        private string Shape(IEnumerable<long> dims)
        {
            var values = dims.ToArray();
            return g.Int64Initializer("shape", values, values.Length);
        }
    }
}
