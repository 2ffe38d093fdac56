using System;
using System.IO;
using System.Security.Cryptography;

namespace MultiTask.MLNet.Runtime
{
    /// <summary>
    /// The private folder that holds the patched copy of TorchSharp's native library, and the rules that make loading
    /// from it safe: the copy is loaded only when its SHA-256 equals that of the patch computed in memory from the
    /// original (a stale, truncated or altered file is replaced), and only from a folder that no other user can write
    /// to, since anyone who can replace a native library can run code in every process that loads it. There is no
    /// fallback to a shared temporary folder.
    /// </summary>
    internal static class PatchedLibraryCache
    {
        /// <summary>Environment variable that names the cache folder instead of the per-user default.</summary>
        public const string FolderVariable = "MULTITASK_MLNET_NATIVE_CACHE";

        // The package's own folders are owner-only. The root may be group-writable, as home folders are under a umask
        // of 002 with one group per user, but never writable by everyone (as /tmp is).
        private const UnixFileMode SharedOwnFolder = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        private const UnixFileMode SharedRoot = UnixFileMode.OtherWrite;
        private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

        /// <summary>What <see cref="Prepare"/> did: the file to load, and whether it was (re)written now.</summary>
        public readonly record struct Copy(string Path, bool Written);

        /// <summary>
        /// The cache root: <paramref name="configured"/> (the environment variable) if set, else the per-user
        /// application-data folder. Throws when neither exists, rather than fall back to a folder others share.
        /// </summary>
        public static string Root(string configured, string localApplicationData)
        {
            if (!string.IsNullOrEmpty(configured))
                return configured;
            if (!string.IsNullOrEmpty(localApplicationData))
                return localApplicationData;
            throw new DllNotFoundException(
                "TorchSharp's native library needs a patched copy on this system, and there is no per-user folder to keep it in " +
                $"(no home directory). Set {FolderVariable} to a folder that only this user can write to.");
        }

        /// <summary>
        /// Returns a verified patched copy of <paramref name="originalImage"/> under <paramref name="root"/>, writing it
        /// when it is missing or its bytes are not the expected ones.
        /// </summary>
        /// <param name="originalImage">The original library's bytes.</param>
        /// <param name="patch">Turns the original bytes into the patched ones, in place.</param>
        /// <param name="root">The cache root (see <see cref="Root"/>).</param>
        /// <param name="fileName">The library's file name.</param>
        public static Copy Prepare(byte[] originalImage, Action<byte[]> patch, string root, string fileName)
        {
            string originalHash = Hex(SHA256.HashData(originalImage));
            var image = (byte[])originalImage.Clone();
            patch(image);
            byte[] expected = SHA256.HashData(image);

            string directory = PrivateDirectory(root, Path.Combine("MultiTask.MLNet", "native", originalHash.Substring(0, 16)));
            string target = Path.Combine(directory, fileName);
            if (File.Exists(target) && Matches(target, expected))
                return new Copy(target, Written: false);
            // Write then rename, so that concurrent processes never load a half-written file.
            string temporary = target + "." + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(temporary, image);
            File.Move(temporary, target, overwrite: true);
            if (!Matches(target, expected))
                throw new DllNotFoundException($"The patched copy of TorchSharp's native library at '{target}' changed while it was written; it is not loaded.");
            return new Copy(target, Written: true);
        }

        /// <summary>
        /// Creates <paramref name="relative"/> under <paramref name="root"/> (owner-only on Unix) and checks that neither
        /// the root nor any folder below it on the way can be written by other users.
        /// </summary>
        private static string PrivateDirectory(string root, string relative)
        {
            string directory = root;
            Directory.CreateDirectory(root);
            RefuseShared(root, SharedRoot);
            foreach (string part in relative.Split(Path.DirectorySeparatorChar))
            {
                directory = Path.Combine(directory, part);
                if (OperatingSystem.IsWindows())
                    Directory.CreateDirectory(directory);
                else
                    Directory.CreateDirectory(directory, OwnerOnly);
                RefuseShared(directory, SharedOwnFolder);
            }
            return directory;
        }

        private static void RefuseShared(string directory, UnixFileMode refused)
        {
            if (OperatingSystem.IsWindows())
                return;
            var mode = File.GetUnixFileMode(directory);
            if ((mode & refused) != 0)
                throw new DllNotFoundException(
                    $"The folder '{directory}' for the patched copy of TorchSharp's native library can be written by other users " +
                    $"(mode {Convert.ToString((int)mode, 8)}), so a library loaded from it could have been replaced. " +
                    $"Use a folder that only this user can write to: set {FolderVariable}, or remove the group and other write bits.");
        }

        private static bool Matches(string path, byte[] expectedHash)
            => CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(path)), expectedHash);

        private static string Hex(byte[] hash) => Convert.ToHexString(hash).ToLowerInvariant();
    }
}
