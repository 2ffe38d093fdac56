using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using Google.Protobuf;

namespace MultiTask.MLNet.Onnx
{
    /// <summary>
    /// Reads what a warm start needs from ONNX bytes: the metadata properties and the float initializers
    /// (name, dims, values). Other fields are skipped; malformed bytes give <see cref="InvalidOperationException"/>.
    /// </summary>
    internal sealed class OnnxModelReader
    {
        private OnnxModelReader() { }

        public Dictionary<string, string> Metadata { get; } = new Dictionary<string, string>();
        public Dictionary<string, (long[] Dims, float[] Values)> FloatInitializers { get; } = new Dictionary<string, (long[], float[])>();

        public static OnnxModelReader Read(byte[] bytes, string source)
        {
            var reader = new OnnxModelReader();
            try
            {
                ForEachField(bytes, (field, value) =>
                {
                    if (field == 14)
                        reader.ReadMetadata(value);
                    else if (field == 7)
                        ForEachField(value, (f, v) => { if (f == 5) reader.ReadTensor(v); });
                });
            }
            catch (Exception e) when (e is InvalidProtocolBufferException || e is ArgumentException || e is OverflowException)
            {
                throw new InvalidOperationException($"{source} is not a readable ONNX model ({e.Message}).", e);
            }
            return reader;
        }

        private void ReadMetadata(byte[] entry)
        {
            string key = null, value = null;
            ForEachField(entry, (f, v) =>
            {
                if (f == 1) key = System.Text.Encoding.UTF8.GetString(v);
                if (f == 2) value = System.Text.Encoding.UTF8.GetString(v);
            });
            if (key != null)
                Metadata[key] = value ?? "";
        }

        private void ReadTensor(byte[] tensor)
        {
            var dims = new List<long>();
            long type = 0;
            string name = null;
            byte[] raw = null;
            var input = new CodedInputStream(tensor);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                int field = WireFormat.GetTagFieldNumber(tag);
                if (field == 1 && WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint)
                    dims.Add(input.ReadInt64());
                else if (field == 1)
                    dims.AddRange(PackedVarints(input.ReadBytes().ToByteArray()));
                else if (field == 2)
                    type = input.ReadInt64();
                else if (field == 8)
                    name = input.ReadString();
                else if (field == 9)
                    raw = input.ReadBytes().ToByteArray();
                else
                    input.SkipLastField();
            }
            if (name == null || type != (long)OnnxElementType.Float || raw == null)
                return;
            long count = dims.Aggregate(1L, (a, b) => a * b);
            if (count * sizeof(float) != raw.Length)
                throw new InvalidOperationException($"ONNX initializer '{name}' has {raw.Length} bytes for shape [{string.Join(", ", dims)}].");
            FloatInitializers[name] = (dims.ToArray(), MemoryMarshal.Cast<byte, float>(raw).ToArray());
        }

        private static IEnumerable<long> PackedVarints(byte[] bytes)
        {
            var input = new CodedInputStream(bytes);
            var values = new List<long>();
            while (!input.IsAtEnd)
                values.Add(input.ReadInt64());
            return values;
        }

        // Calls back with every length-delimited field of a message; other wire types are skipped.
        private static void ForEachField(byte[] message, Action<int, byte[]> onField)
        {
            var input = new CodedInputStream(message);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                    onField(WireFormat.GetTagFieldNumber(tag), input.ReadBytes().ToByteArray());
                else
                    input.SkipLastField();
            }
        }
    }
}
