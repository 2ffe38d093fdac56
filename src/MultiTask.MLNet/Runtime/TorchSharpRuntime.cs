using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using TorchSharp;

namespace MultiTask.MLNet.Runtime
{
    /// <summary>
    /// Makes TorchSharp's native library loadable before the first use of <c>torch</c>.
    /// </summary>
    /// <remarks>
    /// libLibTorchSharp.so of TorchSharp 0.107 asks for the symbol version GLIBCXX_3.4.32 (GCC 13), which
    /// Debian 12 and Ubuntu 22.04 do not have, although the one symbol bound to it is never relocated.
    /// When the original library does not load, a private copy with that requirement marked weak is written
    /// to a per-user cache (never the NuGet cache) and loaded after its libtorch dependencies; TorchSharp
    /// then finds the already loaded library. Where the original loads, nothing else is done.
    /// </remarks>
    public static class TorchSharpRuntime
    {
        private const string LibraryFile = "libLibTorchSharp.so";
        private const string MissingVersion = "GLIBCXX_3.4.32";
        private static readonly string[] Dependencies = { "libc10.so", "libtorch_cpu.so", "libtorch.so" };
        private static readonly object Gate = new object();
        private static bool _initialized;

        /// <summary>How the native library was loaded: "default", "original: PATH" or "patched copy: PATH".</summary>
        public static string LoadedFrom { get; private set; }

        private static string _writtenCopyNotice;

        /// <summary>
        /// Once per process, after this process wrote the patched copy (first use, or a copy that failed verification):
        /// a sentence saying where; otherwise null. The trainer logs it so that a user learns where a native file was put.
        /// </summary>
        internal static string TakeWrittenCopyNotice() => System.Threading.Interlocked.Exchange(ref _writtenCopyNotice, null);

        /// <summary>
        /// Loads the native backend once per process. Called by the trainer; call it yourself only when you use
        /// TorchSharp directly before the first training. Safe to call many times and from many threads.
        /// </summary>
        public static void EnsureInitialized()
        {
            lock (Gate)
            {
                if (_initialized)
                    return;
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && RuntimeInformation.ProcessArchitecture == Architecture.X64)
                    LoadOnLinux();
                else
                    LoadedFrom = "default";
                // First touch of torch: runs TorchSharp's own loader, which now finds the library.
                torch.InitializeDeviceType(DeviceType.CPU);
                _initialized = true;
            }
        }

        private static void LoadOnLinux()
        {
            string original = FindOriginal();
            if (original == null)
            {
                LoadedFrom = "default";
                return;
            }
            if (!File.Exists(Path.Combine(Path.GetDirectoryName(original), "libtorch_cpu.so")))
                throw new DllNotFoundException(
                    $"TorchSharp is here ('{original}') but LibTorch is not: the app that trains must reference a LibTorch package, " +
                    "for example TorchSharp-cpu (CPU, every platform), libtorch-cpu-linux-x64 (CPU, Linux x64 only) or a libtorch-cuda package (GPU). " +
                    "Scoring a saved .zip needs none of them.");
            if (NativeLibrary.TryLoad(original, out _))
            {
                LoadedFrom = "original: " + original;
                return;
            }
            string directory = Path.GetDirectoryName(original);
            foreach (string dependency in Dependencies)
            {
                string path = Path.Combine(directory, dependency);
                if (File.Exists(path))
                    NativeLibrary.Load(path);
            }
            string patched = WritePatchedCopy(original);
            NativeLibrary.Load(patched);
            LoadedFrom = "patched copy: " + patched;
        }

        private static string FindOriginal()
        {
            string torchDir = Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? AppContext.BaseDirectory;
            var candidates = new List<string>
            {
                Path.Combine(torchDir, LibraryFile),
                Path.Combine(torchDir, "runtimes", "linux-x64", "native", LibraryFile),
                Path.Combine(AppContext.BaseDirectory, LibraryFile),
                Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", LibraryFile),
            };
            // Only a directory that also holds libtorch can be used: the copy's dependencies load from there.
            return candidates.FirstOrDefault(p => File.Exists(p) && File.Exists(Path.Combine(Path.GetDirectoryName(p), "libtorch_cpu.so")))
                ?? candidates.FirstOrDefault(File.Exists);
        }

        private static string WritePatchedCopy(string original)
        {
            byte[] image = File.ReadAllBytes(original);
            if (!ElfVersionNeedPatcher.RequiresStrong(image, MissingVersion))
                throw new DllNotFoundException(
                    $"TorchSharp's native library '{original}' does not load, and not because of {MissingVersion}. " +
                    "Check that the app's LibTorch package (TorchSharp-cpu, libtorch-cpu-linux-x64 or a libtorch-cuda package) restored completely.");
            string root = PatchedLibraryCache.Root(Environment.GetEnvironmentVariable(PatchedLibraryCache.FolderVariable),
                Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData));
            var copy = PatchedLibraryCache.Prepare(image, bytes => ElfVersionNeedPatcher.MarkWeak(bytes, MissingVersion), root, LibraryFile);
            if (copy.Written)
                _writtenCopyNotice = $"Wrote a patched copy of TorchSharp's native library ({MissingVersion} marked weak) to '{copy.Path}'; " +
                    $"set {PatchedLibraryCache.FolderVariable} to keep it elsewhere.";
            return copy.Path;
        }
    }
}
