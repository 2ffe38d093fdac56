using System;
using System.Linq;
using System.Security.Cryptography;

namespace MultiTask.MLNet.Onnx
{
    /// <summary>
    /// A SHA-256 of an ONNX model this package wrote, stored in the model itself, so that the package's loaders refuse a
    /// damaged model instead of scoring with it: .NET's ZipArchive does not check CRC-32, so a changed byte inside the
    /// ONNX entry of a saved .zip would otherwise load and score differently.
    /// </summary>
    /// <remarks>
    /// The writer serialises the ModelProto, hashes those bytes (graph, weights, and the description JSON, which is one of
    /// their metadata entries) and appends one more <c>metadata_props</c> entry, <see cref="Key"/> = lowercase hex. A
    /// serialised field appended to a protobuf message is valid protobuf, so ONNX Runtime loads the model as before and
    /// lists the hash among its metadata. The reader hashes the bytes before that entry, which must be the last field.
    /// </remarks>
    internal static class ModelHash
    {
        public const string Key = "multitask.sha256";

        /// <summary>The model with its hash entry appended.</summary>
        public static byte[] Append(byte[] model)
        {
            var entry = OnnxGraphBuilder.MetadataEntry(Key, Of(model));
            return model.Concat(entry).ToArray();
        }

        /// <summary>
        /// Throws when the model's stored hash is not the hash of its bytes, or when bytes follow the hash entry.
        /// Returns false when the model has no hash entry (written before the hash existed, description format 1).
        /// </summary>
        public static bool Verify(byte[] model, OnnxModelReader onnx, string source)
        {
            if (!onnx.Metadata.TryGetValue(Key, out var stored))
                return false;
            if (onnx.LastField.MetadataKey != Key)
                throw new InvalidOperationException($"{source} is damaged or was edited: its ONNX graph has bytes after its SHA-256 entry '{Key}', which this package always writes last.");
            string computed = Of(model.AsSpan(0, onnx.LastField.Offset));
            if (computed != stored)
                throw new InvalidOperationException($"{source} is damaged: the SHA-256 stored in its ONNX graph is {stored}, but the graph's bytes hash to {computed}. " +
                    "A model with changed bytes would score differently from the one that was saved; use an undamaged copy.");
            return true;
        }

        private static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
