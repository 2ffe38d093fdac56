using System.Collections.Generic;
using System.Linq;
using System.Text;
using Google.Protobuf;

namespace MultiTask.MLNet.Onnx
{
    /// <summary>
    /// Reads protobuf fields by number, the counterpart of <see cref="ProtoWriter"/>: each field with where it starts in the
    /// message, its varint value or its length-delimited bytes. Fixed-width fields are listed without a value; none of the
    /// ONNX fields read here has one. Malformed bytes throw <see cref="InvalidProtocolBufferException"/> while enumerating.
    /// </summary>
    internal static class ProtoReader
    {
        public static IEnumerable<ProtoField> Fields(byte[] message)
        {
            var input = new CodedInputStream(message);
            while (true)
            {
                int offset = (int)input.Position;
                uint tag = input.ReadTag();
                if (tag == 0)
                    yield break;
                int number = WireFormat.GetTagFieldNumber(tag);
                switch (WireFormat.GetTagWireType(tag))
                {
                    case WireFormat.WireType.Varint:
                        yield return new ProtoField(number, offset, input.ReadInt64(), null);
                        break;
                    case WireFormat.WireType.LengthDelimited:
                        yield return new ProtoField(number, offset, 0, input.ReadBytes().ToByteArray());
                        break;
                    default:
                        input.SkipLastField();
                        yield return new ProtoField(number, offset, 0, null);
                        break;
                }
            }
        }

        /// <summary>The last field <paramref name="number"/> of a message (protobuf's rule for a repeated singular field), or null.</summary>
        public static ProtoField? Find(byte[] message, int number) => Fields(message).Where(f => f.Number == number).Cast<ProtoField?>().LastOrDefault();

        /// <summary>The values of a packed repeated varint field.</summary>
        public static IEnumerable<long> PackedVarints(byte[] bytes)
        {
            var input = new CodedInputStream(bytes);
            var values = new List<long>();
            while (!input.IsAtEnd)
                values.Add(input.ReadInt64());
            return values;
        }
    }

    /// <summary>One field of a protobuf message: its number, its offset in the message, and its varint value or bytes.</summary>
    internal readonly record struct ProtoField(int Number, int Offset, long Varint, byte[] Bytes)
    {
        public string Text => Encoding.UTF8.GetString(Bytes ?? System.Array.Empty<byte>());
    }
}
