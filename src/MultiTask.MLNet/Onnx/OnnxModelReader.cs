using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using Google.Protobuf;
using MultiTask.MLNet.Onnx.Proto;

namespace MultiTask.MLNet.Onnx
{
    /// <summary>
    /// Reads what loading a model needs from ONNX bytes, with the message classes generated from onnx.proto3: the metadata
    /// properties, the float initializers (name, dims, values) and the declared graph inputs and outputs; and, scanning the
    /// top-level fields, where the last one starts (for <see cref="ModelHash"/>). Malformed bytes give
    /// <see cref="InvalidOperationException"/>.
    /// </summary>
    internal sealed class OnnxModelReader
    {
        private OnnxModelReader() { }

        public Dictionary<string, string> Metadata { get; } = new Dictionary<string, string>();
        public Dictionary<string, (long[] Dims, float[] Values)> FloatInitializers { get; } = new Dictionary<string, (long[], float[])>();

        /// <summary>Where the model's last top-level field starts, and its key when it is a metadata entry (else null).</summary>
        public (int Offset, string MetadataKey) LastField { get; private set; }

        /// <summary>The inputs and outputs the graph declares.</summary>
        public GraphSignature Signature { get; private set; } = new GraphSignature(Array.Empty<OnnxValueInfo>(), Array.Empty<OnnxValueInfo>());

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

        private void ReadModel(byte[] bytes)
        {
            var model = ModelProto.Parser.ParseFrom(bytes);
            foreach (var entry in model.MetadataProps)
                Metadata[entry.Key] = entry.Value;
            if (model.Graph is { } graph)
            {
                foreach (var tensor in graph.Initializer)
                    ReadTensor(tensor);
                Signature = new GraphSignature(graph.Input.Select(ValueInfo), graph.Output.Select(ValueInfo));
            }
            LastField = FindLastField(bytes);
        }

        // The parsed message keeps no byte positions, so the top level is scanned once more for them.
        private static (int Offset, string MetadataKey) FindLastField(byte[] bytes)
        {
            var input = new CodedInputStream(bytes);
            (int, string) last = (0, null);
            long start = input.Position;
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                string key = null;
                if (WireFormat.GetTagFieldNumber(tag) == ModelProto.MetadataPropsFieldNumber && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                    key = StringStringEntryProto.Parser.ParseFrom(input.ReadBytes()).Key;
                else
                    input.SkipLastField();
                last = ((int)start, key);
                start = input.Position;
            }
            return last;
        }

        // Only raw float data is read: the package writes its weights that way.
        private void ReadTensor(TensorProto tensor)
        {
            if (tensor.Name.Length == 0 || tensor.DataType != (int)OnnxElementType.Float || tensor.RawData.IsEmpty)
                return;
            long count = tensor.Dims.Aggregate(1L, (a, b) => a * b);
            if (count * sizeof(float) != tensor.RawData.Length)
                throw new InvalidOperationException($"ONNX initializer '{tensor.Name}' has {tensor.RawData.Length} bytes for shape [{string.Join(", ", tensor.Dims)}].");
            FloatInitializers[tensor.Name] = (tensor.Dims.ToArray(), MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray());
        }

        // A dimension without a value is symbolic.
        private static OnnxValueInfo ValueInfo(ValueInfoProto value)
        {
            var tensorType = value.Type?.TensorType;
            var dims = tensorType?.Shape?.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : (long?)null).ToList()
                ?? new List<long?>();
            return new OnnxValueInfo(value.Name, (OnnxElementType)(tensorType?.ElemType ?? 0), dims);
        }
    }
}
