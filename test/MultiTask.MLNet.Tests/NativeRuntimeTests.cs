using System;
using System.IO;
using System.Linq;
using MultiTask.MLNet.Runtime;
using NUnit.Framework;
using TorchSharp;

namespace MultiTask.MLNet.Tests
{
    public class NativeRuntimeTests
    {
        [Test]
        public void TorchSharpLoadsAndComputes()
        {
            TorchSharpRuntime.EnsureInitialized();
            Assert.That(TorchSharpRuntime.LoadedFrom, Is.Not.Null);
            using var t = torch.tensor(new float[] { 1, 2, 3 });
            Assert.That(t.sum().item<float>(), Is.EqualTo(6f));
            const string patched = "patched copy: ";
            if (TorchSharpRuntime.LoadedFrom.StartsWith(patched))
            {
                var copy = File.ReadAllBytes(TorchSharpRuntime.LoadedFrom.Substring(patched.Length));
                Assert.That(ElfVersionNeedPatcher.RequiresStrong(copy, "GLIBCXX_3.4.32"), Is.False);
                Assert.That(ElfVersionNeedPatcher.RequiresStrong(copy, "GLIBCXX_3.4.21"), Is.True, "only the one version is weakened");
            }
        }

        [Test]
        public void WeakFlagIsSetOnlyOnTheNamedVersion()
        {
            var image = TinyElf("GLIBCXX_3.4.32", "GLIBCXX_3.4.21");
            Assert.That(ElfVersionNeedPatcher.RequiresStrong(image, "GLIBCXX_3.4.32"), Is.True);
            Assert.That(ElfVersionNeedPatcher.MarkWeak(image, "GLIBCXX_3.4.32"), Is.EqualTo(1));
            Assert.That(ElfVersionNeedPatcher.RequiresStrong(image, "GLIBCXX_3.4.32"), Is.False);
            Assert.That(ElfVersionNeedPatcher.RequiresStrong(image, "GLIBCXX_3.4.21"), Is.True);
            Assert.That(ElfVersionNeedPatcher.MarkWeak(image, "GLIBCXX_3.4.32"), Is.EqualTo(0), "already weak");
        }

        [Test]
        public void TruncatedOrForeignFilesAreRejected()
        {
            Assert.Throws<BadImageFormatException>(() => ElfVersionNeedPatcher.RequiresStrong(new byte[10], "X"));
            var image = TinyElf("GLIBCXX_3.4.32");
            Assert.Throws<BadImageFormatException>(() => ElfVersionNeedPatcher.RequiresStrong(image.Take(image.Length - 40).ToArray(), "GLIBCXX_3.4.32"));
        }

        [Test]
        public void ShippedLibraryNeedsExactlyTheOneVersionTheWorkaroundWeakens()
        {
            string path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
            if (!File.Exists(path))
                Assert.Ignore("linux-x64 natives are not in this build's output.");
            var image = File.ReadAllBytes(path);
            Assert.That(ElfVersionNeedPatcher.RequiresStrong(image, "GLIBCXX_3.4.32"), Is.True);
        }

        // A minimal little-endian ELF64 image: section table with a .dynstr and a .gnu.version_r that needs the versions from libstdc++.so.6.
        private static byte[] TinyElf(params string[] versions)
        {
            var strings = new MemoryStream();
            strings.WriteByte(0);
            int Add(string s) { int at = (int)strings.Length; var b = System.Text.Encoding.ASCII.GetBytes(s); strings.Write(b); strings.WriteByte(0); return at; }
            int file = Add("libstdc++.so.6");
            var names = versions.Select(Add).ToArray();
            byte[] dynstr = strings.ToArray();

            var need = new byte[16 + 16 * versions.Length];
            BitConverter.GetBytes((ushort)1).CopyTo(need, 0);
            BitConverter.GetBytes((ushort)versions.Length).CopyTo(need, 2);
            BitConverter.GetBytes(file).CopyTo(need, 4);
            BitConverter.GetBytes(16).CopyTo(need, 8);
            for (int i = 0; i < versions.Length; i++)
            {
                int a = 16 + 16 * i;
                BitConverter.GetBytes(names[i]).CopyTo(need, a + 8);
                BitConverter.GetBytes(i == versions.Length - 1 ? 0 : 16).CopyTo(need, a + 12);
            }

            int dynstrAt = 64, needAt = dynstrAt + dynstr.Length, sectionsAt = needAt + need.Length;
            var image = new byte[sectionsAt + 3 * 64];
            new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1 }.CopyTo(image, 0);
            BitConverter.GetBytes((long)sectionsAt).CopyTo(image, 0x28);
            BitConverter.GetBytes((ushort)64).CopyTo(image, 0x3A);
            BitConverter.GetBytes((ushort)3).CopyTo(image, 0x3C);
            dynstr.CopyTo(image, dynstrAt);
            need.CopyTo(image, needAt);
            void Section(int index, uint type, long offset, long size, int link, int info)
            {
                int h = sectionsAt + index * 64;
                BitConverter.GetBytes(type).CopyTo(image, h + 4);
                BitConverter.GetBytes(offset).CopyTo(image, h + 0x18);
                BitConverter.GetBytes(size).CopyTo(image, h + 0x20);
                BitConverter.GetBytes(link).CopyTo(image, h + 0x28);
                BitConverter.GetBytes(info).CopyTo(image, h + 0x2C);
            }
            Section(1, 3, dynstrAt, dynstr.Length, 0, 0);
            Section(2, 0x6ffffffe, needAt, need.Length, 1, 1);
            return image;
        }
    }
}
