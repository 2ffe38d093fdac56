using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using MultiTask.MLNet.Runtime;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    /// <summary>The patched native library is loaded only after its bytes are verified, and never from a shared folder.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public class PatchedLibraryCacheTests
    {
        private string root;

        [SetUp]
        public void CreateRoot()
        {
            root = Path.Combine(Path.GetTempPath(), $"native-cache-{Guid.NewGuid():N}");
            Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        [TearDown]
        public void DeleteRoot() => Directory.Delete(root, recursive: true);

        private static readonly byte[] Original = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray();

        // A stand-in for the ELF patch: it changes one byte, so the copy differs from the original.
        private static void Patch(byte[] image) => image[100] ^= 0x02;

        private static byte[] Patched()
        {
            var image = (byte[])Original.Clone();
            Patch(image);
            return image;
        }

        [Test]
        public void FirstUseWritesTheCopyThenReusesItUnchanged()
        {
            var first = PatchedLibraryCache.Prepare(Original, Patch, root, "lib.so");
            Assert.That(first.Written, Is.True);
            Assert.That(File.ReadAllBytes(first.Path), Is.EqualTo(Patched()));
            Assert.That(first.Path, Does.StartWith(root));
            var stamp = File.GetLastWriteTimeUtc(first.Path);

            var second = PatchedLibraryCache.Prepare(Original, Patch, root, "lib.so");
            Assert.That(second, Is.EqualTo(new PatchedLibraryCache.Copy(first.Path, Written: false)));
            Assert.That(File.GetLastWriteTimeUtc(second.Path), Is.EqualTo(stamp));
        }

        [TestCase("altered")]
        [TestCase("truncated")]
        [TestCase("empty")]
        public void ACopyWhoseBytesAreNotTheExpectedPatchIsReplacedBeforeLoading(string damage)
        {
            string path = PatchedLibraryCache.Prepare(Original, Patch, root, "lib.so").Path;
            var bad = damage switch
            {
                "altered" => Patched().Select((b, i) => i == 2000 ? (byte)(b ^ 0xFF) : b).ToArray(),
                "truncated" => Patched().Take(1000).ToArray(),
                _ => Array.Empty<byte>(),
            };
            File.WriteAllBytes(path, bad);

            var again = PatchedLibraryCache.Prepare(Original, Patch, root, "lib.so");
            Assert.That(again.Written, Is.True, "the damaged copy was rewritten");
            Assert.That(SHA256.HashData(File.ReadAllBytes(again.Path)), Is.EqualTo(SHA256.HashData(Patched())));
        }

        [Test]
        public void AnotherOriginalGetsItsOwnFolder()
        {
            var other = Original.Select(b => (byte)(b + 1)).ToArray();
            string a = PatchedLibraryCache.Prepare(Original, Patch, root, "lib.so").Path;
            string b = PatchedLibraryCache.Prepare(other, Patch, root, "lib.so").Path;
            Assert.That(Path.GetDirectoryName(a), Is.Not.EqualTo(Path.GetDirectoryName(b)));
        }

        [Test]
        public void AWorldWritableRootIsRefused()
        {
            if (OperatingSystem.IsWindows())
                Assert.Ignore("Unix permissions only.");
            File.SetUnixFileMode(root, (UnixFileMode)Convert.ToInt32("1777", 8));
            var error = Assert.Throws<DllNotFoundException>(() => PatchedLibraryCache.Prepare(Original, Patch, root, "lib.so"));
            Assert.That(error.Message, Does.Contain($"'{root}'").And.Contain("can be written by other users").And.Contain("MULTITASK_MLNET_NATIVE_CACHE"));
            Assert.That(Directory.GetFileSystemEntries(root), Is.Empty, "nothing was written there");
        }

        [Test]
        public void AGroupWritableFolderOfThePackageIsRefused()
        {
            if (OperatingSystem.IsWindows())
                Assert.Ignore("Unix permissions only.");
            string path = PatchedLibraryCache.Prepare(Original, Patch, root, "lib.so").Path;
            string folder = Path.GetDirectoryName(path);
            File.SetUnixFileMode(folder, File.GetUnixFileMode(folder) | UnixFileMode.GroupWrite);
            var error = Assert.Throws<DllNotFoundException>(() => PatchedLibraryCache.Prepare(Original, Patch, root, "lib.so"));
            Assert.That(error.Message, Does.Contain($"'{folder}'"));
        }

        [Test]
        public void TheFoldersThePackageCreatesAreOwnerOnly()
        {
            if (OperatingSystem.IsWindows())
                Assert.Ignore("Unix permissions only.");
            string path = PatchedLibraryCache.Prepare(Original, Patch, root, "lib.so").Path;
            for (var dir = Path.GetDirectoryName(path); dir != root; dir = Path.GetDirectoryName(dir))
                Assert.That(File.GetUnixFileMode(dir) & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.OtherRead), Is.EqualTo((UnixFileMode)0), dir);
        }

        [Test]
        public void WithoutAHomeFolderOrTheVariableThereIsNoSharedFallback()
        {
            Assert.That(PatchedLibraryCache.Root("/configured", "/home/me/.local/share"), Is.EqualTo("/configured"));
            Assert.That(PatchedLibraryCache.Root(null, "/home/me/.local/share"), Is.EqualTo("/home/me/.local/share"));
            var error = Assert.Throws<DllNotFoundException>(() => PatchedLibraryCache.Root("", ""));
            Assert.That(error.Message, Does.Contain("MULTITASK_MLNET_NATIVE_CACHE").And.Contain("no home directory"));
        }
    }
}
