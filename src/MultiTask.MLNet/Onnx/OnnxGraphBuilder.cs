// The tensor element types are the schema's own (TensorProto.DataType), not a second list kept by hand.
global using OnnxElementType = MultiTask.MLNet.Onnx.Proto.TensorProto.Types.DataType;

using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using Google.Protobuf;
using MultiTask.MLNet.Onnx.Proto;

namespace MultiTask.MLNet.Onnx
{
    /// <summary>
    /// Collects the nodes, initializers, inputs, outputs and metadata of one ONNX graph and serialises them as a
    /// ModelProto, with the message classes generated from the official onnx.proto3. A dimension given as null is the
    /// symbolic batch size "N".
    /// </summary>
    internal sealed class OnnxGraphBuilder
    {
        public const int OpsetVersion = 13;

        private const long IrVersion = 7;
        private readonly GraphProto graph = new GraphProto();
        private readonly List<OnnxValueInfo> inputs = new List<OnnxValueInfo>();
        private readonly List<OnnxValueInfo> outputs = new List<OnnxValueInfo>();
        private readonly List<StringStringEntryProto> metadata = new List<StringStringEntryProto>();
        private readonly HashSet<string> names = new HashSet<string>();
        private int counter;

        /// <summary>A fresh internal value name.</summary>
        public string Fresh(string hint)
        {
            string name;
            do
                name = $"_mt_{hint}_{counter++}";
            while (!names.Add(name));
            return name;
        }

        public string FloatInitializer(string hint, float[] values, params long[] dims)
            => Initializer(Fresh(hint), OnnxElementType.Float, dims, t => t.RawData = Raw<float>(values));

        /// <summary>A float constant under an exact name (trained weights, read back by name for warm starts).</summary>
        public string NamedFloatInitializer(string name, float[] values, params long[] dims)
            => Initializer(Reserve(name), OnnxElementType.Float, dims, t => t.RawData = Raw<float>(values));

        public string Int64Initializer(string hint, long[] values, params long[] dims)
            => Initializer(Fresh(hint), OnnxElementType.Int64, dims, t => t.RawData = Raw<long>(values));

        /// <summary>A rank-1 constant holding string[], float[], double[], int[] or long[] values.</summary>
        public string ArrayInitializer(string hint, Array values)
        {
            long[] dims = { values.Length };
            return values switch
            {
                string[] s => Initializer(Fresh(hint), OnnxElementType.String, dims, t => t.StringData.AddRange(s.Select(ByteString.CopyFromUtf8))),
                float[] f => FloatInitializer(hint, f, dims),
                double[] d => Initializer(Fresh(hint), OnnxElementType.Double, dims, t => t.RawData = Raw<double>(d)),
                int[] i => Initializer(Fresh(hint), OnnxElementType.Int32, dims, t => t.RawData = Raw<int>(i)),
                long[] l => Int64Initializer(hint, l, dims),
                _ => throw new ArgumentOutOfRangeException(nameof(values), $"No ONNX constant for {values.GetType()}."),
            };
        }

        /// <summary>Adds a node and returns the name of its (single) output.</summary>
        public string Node(string opType, IEnumerable<string> nodeInputs, string output = null, params OnnxAttribute[] attributes)
        {
            output = output == null ? Fresh(opType) : Reserve(output);
            var node = new NodeProto { Name = Fresh("node_" + opType), OpType = opType };
            node.Input.AddRange(nodeInputs);
            node.Output.Add(output);
            node.Attribute.AddRange(attributes.Select(a => a.Proto));
            graph.Node.Add(node);
            return output;
        }

        /// <summary>x with a new axis of size 1 at <paramref name="axis"/>.</summary>
        public string Unsqueeze(string x, long axis) => Node("Unsqueeze", new[] { x, Int64Initializer("axes", new[] { axis }, 1) });

        /// <summary>x without its axis <paramref name="axis"/> of size 1.</summary>
        public string Squeeze(string x, long axis) => Node("Squeeze", new[] { x, Int64Initializer("axes", new[] { axis }, 1) });

        public void Input(string name, OnnxElementType type, params long?[] dims) => inputs.Add(new OnnxValueInfo(Reserve(name), type, dims));

        public void Output(string name, OnnxElementType type, params long?[] dims) => outputs.Add(new OnnxValueInfo(name, type, dims));

        /// <summary>The inputs and outputs declared so far.</summary>
        public GraphSignature Signature => new GraphSignature(inputs, outputs);

        public void Metadata(string key, string value) => metadata.Add(new StringStringEntryProto { Key = key, Value = value });

        public byte[] Build(string graphName, string producerVersion, string docString)
        {
            graph.Name = graphName;
            graph.DocString = docString;
            graph.Input.AddRange(inputs.Select(ValueInfo));
            graph.Output.AddRange(outputs.Select(ValueInfo));
            var model = new ModelProto
            {
                IrVersion = IrVersion,
                ProducerName = "MultiTask.MLNet",
                ProducerVersion = producerVersion,
                Domain = "ai.multitask.mlnet",
                ModelVersion = 1,
                DocString = docString,
                Graph = graph,
            };
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
            model.MetadataProps.AddRange(metadata);
            return model.ToByteArray();
        }

        /// <summary>
        /// One <c>metadata_props</c> entry as the bytes of a ModelProto field: appended to a serialised model, it adds the
        /// entry (how <see cref="ModelHash"/> stores the model's hash after the bytes it hashes).
        /// </summary>
        public static byte[] MetadataEntry(string key, string value)
        {
            var model = new ModelProto();
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
            return model.ToByteArray();
        }

        private static ByteString Raw<T>(T[] values) where T : struct => ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));

        private string Reserve(string name)
        {
            if (!names.Add(name))
                throw new InvalidOperationException($"ONNX value name '{name}' is used twice.");
            return name;
        }

        private string Initializer(string name, OnnxElementType type, long[] dims, Action<TensorProto> data)
        {
            var tensor = new TensorProto { Name = name, DataType = (int)type };
            tensor.Dims.AddRange(dims);
            data(tensor);
            graph.Initializer.Add(tensor);
            return name;
        }

        private static ValueInfoProto ValueInfo(OnnxValueInfo value)
        {
            var shape = new TensorShapeProto();
            shape.Dim.AddRange(value.Dims.Select(d => d.HasValue
                ? new TensorShapeProto.Types.Dimension { DimValue = d.Value }
                : new TensorShapeProto.Types.Dimension { DimParam = "N" }));
            return new ValueInfoProto
            {
                Name = value.Name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)value.Type, Shape = shape } },
            };
        }
    }

    /// <summary>An ONNX node attribute (AttributeProto) of type INT, FLOAT or INTS.</summary>
    internal sealed class OnnxAttribute
    {
        private OnnxAttribute(AttributeProto proto) => Proto = proto;

        public AttributeProto Proto { get; }

        public static OnnxAttribute Int(string name, long value)
            => new OnnxAttribute(new AttributeProto { Name = name, I = value, Type = AttributeProto.Types.AttributeType.Int });

        public static OnnxAttribute Float(string name, float value)
            => new OnnxAttribute(new AttributeProto { Name = name, F = value, Type = AttributeProto.Types.AttributeType.Float });

        public static OnnxAttribute Ints(string name, params long[] values)
        {
            var proto = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
            proto.Ints.AddRange(values);
            return new OnnxAttribute(proto);
        }
    }
}
