using System;
using System.IO;
using Google.Protobuf;

namespace MultiTask.MLNet.Onnx
{
    /// <summary>
    /// Writes protobuf fields by number. Nested messages are written to their own buffer first, since a
    /// length-delimited field needs its length up front. Enough for the handful of ONNX messages we emit.
    /// </summary>
    internal sealed class ProtoWriter
    {
        private readonly MemoryStream buffer = new MemoryStream();
        private readonly CodedOutputStream output;

        public ProtoWriter() => output = new CodedOutputStream(buffer, leaveOpen: true);

        public ProtoWriter Int64(int field, long value)
        {
            output.WriteTag(field, WireFormat.WireType.Varint);
            output.WriteInt64(value);
            return this;
        }

        public ProtoWriter Float(int field, float value)
        {
            output.WriteTag(field, WireFormat.WireType.Fixed32);
            output.WriteFloat(value);
            return this;
        }

        public ProtoWriter String(int field, string value)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteString(value);
            return this;
        }

        public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(value));
            return this;
        }

        public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

        public ProtoWriter Message(int field, Action<ProtoWriter> build)
        {
            var nested = new ProtoWriter();
            build(nested);
            return Message(field, nested);
        }

        public byte[] ToArray()
        {
            output.Flush();
            return buffer.ToArray();
        }
    }
}
