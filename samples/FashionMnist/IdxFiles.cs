using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace FashionMnist
{
    /// <summary>Reads Fashion-MNIST's IDX files (gzipped or not): images as pixels in [0, 1], labels as class names.</summary>
    public static class IdxFiles
    {
        public const string DefaultFolder = "/usr/share/datasets/fashion-mnist";

        public static readonly string[] ClassNames = { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" };

        /// <summary>The first <paramref name="count"/> images of the train ("train") or test ("t10k") split.</summary>
        public static List<ModelInput> Load(string folder, string split, int count)
        {
            var images = ReadIdx(Find(folder, $"{split}-images-idx3-ubyte"), 3, count, out var dims);
            var labels = ReadIdx(Find(folder, $"{split}-labels-idx1-ubyte"), 1, count, out _);
            int size = dims[1] * dims[2];
            return Enumerable.Range(0, labels.Length).Select(i => new ModelInput
            {
                Pixels = images.AsSpan(i * size, size).ToArray().Select(b => b / 255f).ToArray(),
                Label = ClassNames[labels[i]],
            }).ToList();
        }

        /// <summary>Throws a message that says how to install the data set when <paramref name="folder"/> lacks it.</summary>
        public static void Require(string folder)
        {
            foreach (var name in new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
                Find(folder, name);
        }

        private static string Find(string folder, string name)
        {
            foreach (var candidate in new[] { Path.Combine(folder, name + ".gz"), Path.Combine(folder, name) })
                if (File.Exists(candidate))
                    return candidate;
            throw new FileNotFoundException(
                $"Fashion-MNIST file '{name}(.gz)' is not in '{folder}'. Install the data set with 'sudo apt-get install dataset-fashion-mnist' " +
                $"(files under {DefaultFolder}), or pass --data DIR with the four IDX files.");
        }

        private static byte[] ReadIdx(string path, int rank, int limit, out int[] dims)
        {
            using var file = File.OpenRead(path);
            using Stream stream = path.EndsWith(".gz") ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var reader = new BinaryReader(stream);
            int magic = BigEndian(reader);
            if (magic != 0x800 + rank)
                throw new InvalidDataException($"'{path}' is not an IDX file of rank {rank} (magic 0x{magic:x}).");
            dims = Enumerable.Range(0, rank).Select(_ => BigEndian(reader)).ToArray();
            dims[0] = Math.Min(dims[0], limit);
            int total = dims.Aggregate(1, (a, b) => a * b);
            var data = reader.ReadBytes(total);
            if (data.Length != total)
                throw new InvalidDataException($"'{path}' is truncated: {data.Length} of {total} bytes.");
            return data;
        }

        private static int BigEndian(BinaryReader reader)
        {
            var b = reader.ReadBytes(4);
            return (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
        }
    }
}
