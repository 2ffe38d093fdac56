using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using MultiTask.MLNet.Export;
using MultiTask.MLNet.Onnx;

namespace MultiTask.MLNet.Persistence
{
    /// <summary>
    /// Finds the multi-task ONNX graph in a file or stream: either an ONNX file written by
    /// <c>SaveAsOnnx</c>, or an ML.NET .zip whose OnnxTransformer holds it (entry "…/OnnxModel": an Int32
    /// length, then the ONNX bytes), and checks its SHA-256 (<see cref="ModelHash"/>). Anything else, and a damaged
    /// graph, is refused with a message that names the source.
    /// </summary>
    internal static class ModelFile
    {
        public static (OnnxModelReader Onnx, ModelDescription Description) Read(Stream stream, string source)
        {
            byte[] bytes;
            using (var buffer = new MemoryStream())
            {
                stream.CopyTo(buffer);
                bytes = buffer.ToArray();
            }
            if (bytes.Length == 0)
                throw new InvalidOperationException($"{source} is empty.");
            bool isZip = bytes.Length >= 4 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K';
            foreach (var candidate in isZip ? OnnxEntries(bytes, source) : new[] { bytes })
            {
                var onnx = OnnxModelReader.Read(candidate, source);
                if (onnx.Metadata.TryGetValue(ModelDescription.MetadataKey, out var json))
                    return (onnx, Verified(candidate, onnx, json, source));
            }
            throw new InvalidOperationException(isZip
                ? $"{source} is an ML.NET model without a MultiTask.MLNet network (no OnnxTransformer holding one); was it trained by another trainer?"
                : $"{source} is an ONNX model without MultiTask.MLNet metadata ('{ModelDescription.MetadataKey}'); only models this package wrote can be read back.");
        }

        // The hash is checked before the description is parsed, so that a changed description is reported as damage
        // rather than as whatever its changed JSON happens to say.
        private static ModelDescription Verified(byte[] onnxBytes, OnnxModelReader onnx, string json, string source)
        {
            bool hashed = ModelHash.Verify(onnxBytes, onnx, source);
            var description = ModelDescription.FromJson(json, source);
            if (!hashed && description.Format >= ModelDescription.FirstHashedFormat)
                throw new InvalidOperationException($"{source} is damaged or was edited: its description says format {description.Format} " +
                    $"(MultiTask.MLNet {description.PackageVersion}), whose models always end with a SHA-256 entry '{ModelHash.Key}', but it has none.");
            return description;
        }

        private static IEnumerable<byte[]> OnnxEntries(byte[] zip, string source)
        {
            var found = new List<byte[]>();
            try
            {
                using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
                foreach (var entry in archive.Entries.Where(e => e.FullName.EndsWith("/OnnxModel") || e.FullName.EndsWith("\\OnnxModel") || e.FullName == "OnnxModel"))
                {
                    using var content = new MemoryStream();
                    using (var s = entry.Open())
                        s.CopyTo(content);
                    var data = content.ToArray();
                    if (data.Length < 4 || BinaryPrimitives.ReadInt32LittleEndian(data) != data.Length - 4)
                        throw new InvalidOperationException($"{source}: the ONNX entry '{entry.FullName}' is damaged.");
                    found.Add(data.AsSpan(4).ToArray());
                }
            }
            catch (InvalidDataException e)
            {
                throw new InvalidOperationException($"{source} is a damaged or truncated .zip ({e.Message}).", e);
            }
            return found;
        }
    }
}
