using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;

namespace MultiTask.MLNet.Onnx
{
    /// <summary>ONNX TensorProto element types used here.</summary>
    internal enum OnnxElementType
    {
        Float = 1,
        Int32 = 6,
        Int64 = 7,
        String = 8,
        Bool = 9,
        Double = 11,
    }

    /// <summary>
    /// Collects the nodes, initializers, inputs, outputs and metadata of one ONNX graph and serialises them
    /// as a ModelProto (field numbers from onnx.proto). A dimension given as null is the symbolic batch size "N".
    /// </summary>
    internal sealed class OnnxGraphBuilder
    {
        public const int OpsetVersion = 13;

        /// <summary>ModelProto's field number of <c>metadata_props</c> (repeated StringStringEntryProto).</summary>
        public const int MetadataField = 14;
        private const long IrVersion = 7;
        private readonly List<ProtoWriter> nodes = new List<ProtoWriter>();
        private readonly List<ProtoWriter> initializers = new List<ProtoWriter>();
        private readonly List<OnnxValueInfo> inputs = new List<OnnxValueInfo>();
        private readonly List<OnnxValueInfo> outputs = new List<OnnxValueInfo>();
        private readonly List<KeyValuePair<string, string>> metadata = new List<KeyValuePair<string, string>>();
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
            => Initializer(Fresh(hint), OnnxElementType.Float, dims, t => t.Bytes(9, MemoryMarshal.AsBytes(values.AsSpan())));

        /// <summary>A float constant under an exact name (trained weights, read back by name for warm starts).</summary>
        public string NamedFloatInitializer(string name, float[] values, params long[] dims)
            => Initializer(Reserve(name), OnnxElementType.Float, dims, t => t.Bytes(9, MemoryMarshal.AsBytes(values.AsSpan())));

        public string Int64Initializer(string hint, long[] values, params long[] dims)
            => Initializer(Fresh(hint), OnnxElementType.Int64, dims, t => t.Bytes(9, MemoryMarshal.AsBytes(values.AsSpan())));

        /// <summary>A rank-1 constant holding string[], float[], double[], int[] or long[] values.</summary>
        public string ArrayInitializer(string hint, Array values)
        {
            long[] dims = { values.Length };
            return values switch
            {
                string[] s => Initializer(Fresh(hint), OnnxElementType.String, dims, t => { foreach (var v in s) t.Bytes(6, Encoding.UTF8.GetBytes(v)); }),
                float[] f => FloatInitializer(hint, f, dims),
                double[] d => Initializer(Fresh(hint), OnnxElementType.Double, dims, t => t.Bytes(9, MemoryMarshal.AsBytes(d.AsSpan()))),
                int[] i => Initializer(Fresh(hint), OnnxElementType.Int32, dims, t => t.Bytes(9, MemoryMarshal.AsBytes(i.AsSpan()))),
                long[] l => Int64Initializer(hint, l, dims),
                _ => throw new ArgumentOutOfRangeException(nameof(values), $"No ONNX constant for {values.GetType()}."),
            };
        }

        /// <summary>Adds a node and returns the name of its (single) output.</summary>
        public string Node(string opType, IEnumerable<string> nodeInputs, string output = null, params OnnxAttribute[] attributes)
        {
            output = output == null ? Fresh(opType) : Reserve(output);
            var node = new ProtoWriter();
            foreach (var input in nodeInputs)
                node.String(1, input);
            node.String(2, output).String(3, Fresh("node_" + opType)).String(4, opType);
            foreach (var attribute in attributes)
                node.Message(5, attribute.Write);
            nodes.Add(node);
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

        public void Metadata(string key, string value) => metadata.Add(new KeyValuePair<string, string>(key, value));

        public byte[] Build(string graphName, string producerVersion, string docString)
        {
            var graph = new ProtoWriter();
            nodes.ForEach(n => graph.Message(1, n));
            graph.String(2, graphName);
            initializers.ForEach(i => graph.Message(5, i));
            graph.String(10, docString);
            inputs.ForEach(i => graph.Message(11, ValueInfo(i)));
            outputs.ForEach(o => graph.Message(12, ValueInfo(o)));

            var model = new ProtoWriter()
                .Int64(1, IrVersion)
                .String(2, "MultiTask.MLNet")
                .String(3, producerVersion)
                .String(4, "ai.multitask.mlnet")
                .Int64(5, 1)
                .String(6, docString)
                .Message(7, graph)
                .Message(8, opset => opset.String(1, "").Int64(2, OpsetVersion));
            foreach (var pair in metadata)
                WriteMetadata(model, pair.Key, pair.Value);
            return model.ToArray();
        }

        /// <summary>Writes one <c>metadata_props</c> entry into a ModelProto.</summary>
        public static ProtoWriter WriteMetadata(ProtoWriter model, string key, string value)
            => model.Message(MetadataField, entry => entry.String(1, key).String(2, value));

        private string Reserve(string name)
        {
            if (!names.Add(name))
                throw new InvalidOperationException($"ONNX value name '{name}' is used twice.");
            return name;
        }

        private string Initializer(string name, OnnxElementType type, long[] dims, Action<ProtoWriter> data)
        {
            var tensor = new ProtoWriter();
            foreach (long d in dims)
                tensor.Int64(1, d);
            tensor.Int64(2, (long)type);
            data(tensor);
            tensor.String(8, name);
            initializers.Add(tensor);
            return name;
        }

        private static ProtoWriter ValueInfo(OnnxValueInfo value)
        {
            var shape = new ProtoWriter();
            foreach (var dim in value.Dims)
                shape.Message(1, d => { if (dim.HasValue) d.Int64(1, dim.Value); else d.String(2, "N"); });
            var tensorType = new ProtoWriter().Int64(1, (long)value.Type).Message(2, shape);
            return new ProtoWriter().String(1, value.Name).Message(2, t => t.Message(1, tensorType));
        }
    }

    /// <summary>An ONNX node attribute (AttributeProto) of type INT, FLOAT or INTS.</summary>
    internal sealed class OnnxAttribute
    {
        private readonly Action<ProtoWriter> write;

        private OnnxAttribute(Action<ProtoWriter> write) => this.write = write;

        public static OnnxAttribute Int(string name, long value) => new OnnxAttribute(a => a.String(1, name).Int64(3, value).Int64(20, 2));

        public static OnnxAttribute Float(string name, float value) => new OnnxAttribute(a => a.String(1, name).Float(2, value).Int64(20, 1));

        public static OnnxAttribute Ints(string name, params long[] values) => new OnnxAttribute(a =>
        {
            a.String(1, name);
            foreach (long value in values)
                a.Int64(8, value);
            a.Int64(20, 7);
        });

        public void Write(ProtoWriter attribute) => write(attribute);
    }
}
