using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Runtime.InteropServices;
using MultiTask.MLNet.Export;
using MultiTask.MLNet.Onnx;

namespace MultiTask.MLNet.Tests
{
    /// <summary>
    /// Changes the bytes of saved models the way damage or a careless edit would: the ONNX entry of an ML.NET .zip rewritten
    /// through ZipArchive (so the .zip itself stays valid, CRC-32 included), a weight byte flipped, a description edited.
    /// </summary>
    internal static class TamperedModels
    {
        /// <summary>The ONNX bytes held by the OnnxTransformer of a saved .zip (its entry is an Int32 length, then the bytes).</summary>
        public static byte[] ReadZipOnnx(string zip)
        {
            using var archive = ZipFile.OpenRead(zip);
            using var content = new MemoryStream();
            using (var stream = OnnxEntry(archive).Open())
                stream.CopyTo(content);
            return content.ToArray().AsSpan(4).ToArray();
        }

        /// <summary>A copy of <paramref name="zip"/> at <paramref name="copy"/> whose ONNX entry holds <paramref name="onnx"/>.</summary>
        public static string WriteZipOnnx(string zip, string copy, byte[] onnx)
        {
            File.Copy(zip, copy, overwrite: true);
            using var archive = ZipFile.Open(copy, ZipArchiveMode.Update);
            var old = OnnxEntry(archive);
            string name = old.FullName;
            old.Delete();
            using var stream = archive.CreateEntry(name).Open();
            var length = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, onnx.Length);
            stream.Write(length);
            stream.Write(onnx);
            return copy;
        }

        /// <summary>
        /// The model with the lowest exponent bit of its largest first-layer weight flipped: that weight halves or doubles,
        /// the protobuf still parses, and only the bytes' hash can tell.
        /// </summary>
        public static byte[] FlipWeightByte(byte[] onnx)
        {
            var (_, values) = OnnxModelReader.Read(onnx, "test").FloatInitializers["shared.layer0.weight"];
            int at = onnx.AsSpan().IndexOf(MemoryMarshal.AsBytes(values.AsSpan()));
            int largest = Array.IndexOf(values, values.MaxBy(Math.Abs));
            var damaged = onnx.ToArray();
            damaged[at + largest * sizeof(float) + 2] ^= 0x80;
            return damaged;
        }

        /// <summary>The model with its description changed by <paramref name="edit"/> and its hash recomputed, as a deliberate edit would.</summary>
        public static byte[] EditDescription(byte[] onnx, Action<ModelDescription> edit)
        {
            var description = ModelDescription.FromJson(OnnxModelReader.Read(onnx, "test").Metadata[ModelDescription.MetadataKey], "test");
            edit(description);
            var model = MultiTask.MLNet.Onnx.Proto.ModelProto.Parser.ParseFrom(onnx);
            var hash = model.MetadataProps.Single(e => e.Key == ModelHash.Key);
            model.MetadataProps.Remove(hash);
            model.MetadataProps.Single(e => e.Key == ModelDescription.MetadataKey).Value = description.ToJson();
            return ModelHash.Append(Google.Protobuf.MessageExtensions.ToByteArray(model));
        }

        /// <summary>The model without its last field, the hash entry.</summary>
        public static byte[] WithoutLastField(byte[] onnx) => onnx.AsSpan(0, OnnxModelReader.Read(onnx, "test").LastField.Offset).ToArray();

        /// <summary>The model with one more metadata entry after its hash.</summary>
        public static byte[] WithMetadataAppended(byte[] onnx, string key, string value)
            => onnx.Concat(OnnxGraphBuilder.MetadataEntry(key, value)).ToArray();

        private static ZipArchiveEntry OnnxEntry(ZipArchive archive) => archive.Entries.Single(e => e.FullName.EndsWith("OnnxModel"));
    }
}
