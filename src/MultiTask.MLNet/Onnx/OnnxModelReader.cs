using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using Google.Protobuf;

namespace MultiTask.MLNet.Onnx
{
    /// <summary>
    /// Reads what loading a model needs from ONNX bytes: the metadata properties, where the last top-level field starts
    /// (for <see cref="ModelHash"/>), the float initializers (name, dims, values) and the declared graph inputs and outputs.
    /// Other fields are skipped; malformed bytes give <see cref="InvalidOperationException"/>.
    /// </summary>
    internal sealed class OnnxModelReader
    {
        // Field numbers from onnx.proto.
        private const int ModelGraph = 7, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;

        private readonly List<OnnxValueInfo> inputs = new List<OnnxValueInfo>();
        private readonly List<OnnxValueInfo> outputs = new List<OnnxValueInfo>();

        private OnnxModelReader() { }

        public Dictionary<string, string> Metadata { get; } = new Dictionary<string, string>();
        public Dictionary<string, (long[] Dims, float[] Values)> FloatInitializers { get; } = new Dictionary<string, (long[], float[])>();

        /// <summary>Where the model's last top-level field starts, and its key when it is a metadata entry (else null).</summary>
        public (int Offset, string MetadataKey) LastField { get; private set; }

        /// <summary>The inputs and outputs the graph declares.</summary>
        public GraphSignature Signature => new GraphSignature(inputs, outputs);

        public static OnnxModelReader Read(byte[] bytes, string source)
        {
            var reader = new OnnxModelReader();
            try
            {
                reader.ReadModel(bytes);
            }
            catch (Exception e) when (e is InvalidProtocolBufferException || e is ArgumentException || e is OverflowException)
            {
                throw new InvalidOperationException($"{source} is not a readable ONNX model ({e.Message}).", e);
            }
            return reader;
        }

        private void ReadModel(byte[] model)
        {
            foreach (var field in ProtoReader.Fields(model))
            {
                string key = null;
                if (field.Number == OnnxGraphBuilder.MetadataField && field.Bytes != null)
                    key = ReadMetadata(field.Bytes);
                else if (field.Number == ModelGraph && field.Bytes != null)
                    ReadGraph(field.Bytes);
                LastField = (field.Offset, key);
            }
        }

        private string ReadMetadata(byte[] entry)
        {
            string key = ProtoReader.Find(entry, 1)?.Text;
            if (key != null)
                Metadata[key] = ProtoReader.Find(entry, 2)?.Text ?? "";
            return key;
        }

        private void ReadGraph(byte[] graph)
        {
            foreach (var field in ProtoReader.Fields(graph).Where(f => f.Bytes != null))
            {
                if (field.Number == GraphInitializer)
                    ReadTensor(field.Bytes);
                else if (field.Number == GraphInput)
                    inputs.Add(ReadValueInfo(field.Bytes));
                else if (field.Number == GraphOutput)
                    outputs.Add(ReadValueInfo(field.Bytes));
            }
        }

        // TensorProto: dims = 1 (plain or packed), data_type = 2, name = 8, raw_data = 9.
        private void ReadTensor(byte[] tensor)
        {
            var dims = new List<long>();
            long type = 0;
            string name = null;
            byte[] raw = null;
            foreach (var field in ProtoReader.Fields(tensor))
            {
                if (field.Number == 1)
                    dims.AddRange(field.Bytes == null ? new[] { field.Varint } : ProtoReader.PackedVarints(field.Bytes));
                else if (field.Number == 2)
                    type = field.Varint;
                else if (field.Number == 8)
                    name = field.Text;
                else if (field.Number == 9)
                    raw = field.Bytes;
            }
            if (name == null || type != (long)OnnxElementType.Float || raw == null)
                return;
            long count = dims.Aggregate(1L, (a, b) => a * b);
            if (count * sizeof(float) != raw.Length)
                throw new InvalidOperationException($"ONNX initializer '{name}' has {raw.Length} bytes for shape [{string.Join(", ", dims)}].");
            FloatInitializers[name] = (dims.ToArray(), MemoryMarshal.Cast<byte, float>(raw).ToArray());
        }

        // ValueInfoProto: name = 1, type = 2 (TypeProto: tensor_type = 1 (elem_type = 1, shape = 2 (TensorShapeProto: dim = 1
        // (Dimension: dim_value = 1, dim_param = 2)))). A dimension without a value is symbolic.
        private static OnnxValueInfo ReadValueInfo(byte[] valueInfo)
        {
            byte[] tensorType = Nested(Nested(valueInfo, 2), 1);
            var dims = ProtoReader.Fields(Nested(tensorType, 2))
                .Where(f => f.Number == 1 && f.Bytes != null)
                .Select(d => ProtoReader.Find(d.Bytes, 1) is { Bytes: null } value ? value.Varint : (long?)null);
            return new OnnxValueInfo(ProtoReader.Find(valueInfo, 1)?.Text ?? "", (OnnxElementType)(ProtoReader.Find(tensorType, 1)?.Varint ?? 0), dims.ToList());
        }

        // The bytes of a message field, empty when it is absent (an absent message reads as an empty one).
        private static byte[] Nested(byte[] message, int number) => ProtoReader.Find(message, number)?.Bytes ?? Array.Empty<byte>();
    }
}
