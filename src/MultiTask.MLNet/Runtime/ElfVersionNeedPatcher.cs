using System;
using System.Buffers.Binary;
using System.Text;

namespace MultiTask.MLNet.Runtime
{
    /// <summary>
    /// Marks a required symbol version of an ELF64 shared library as weak (VER_FLG_WEAK), so that the
    /// dynamic loader accepts a system library that lacks it. Used only on a private copy of
    /// libLibTorchSharp.so, whose single GLIBCXX_3.4.32 requirement is never resolved at run time.
    /// </summary>
    internal static class ElfVersionNeedPatcher
    {
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const ushort VerFlagWeak = 0x2;

        /// <summary>Returns true when <paramref name="image"/> requires <paramref name="version"/> as a strong version.</summary>
        public static bool RequiresStrong(byte[] image, string version)
        {
            bool found = false;
            Visit(image, version, flagsOffset => found |= (ReadU16(image, flagsOffset) & VerFlagWeak) == 0);
            return found;
        }

        /// <summary>Sets the weak flag on every requirement of <paramref name="version"/>; returns how many were changed.</summary>
        public static int MarkWeak(byte[] image, string version)
        {
            int changed = 0;
            Visit(image, version, flagsOffset =>
            {
                ushort flags = ReadU16(image, flagsOffset);
                if ((flags & VerFlagWeak) != 0)
                    return;
                BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(flagsOffset), (ushort)(flags | VerFlagWeak));
                changed++;
            });
            return changed;
        }

        // Walks the .gnu.version_r section (Elf64_Verneed / Elf64_Vernaux chains) and calls back with the
        // file offset of vna_flags for every auxiliary entry naming the version.
        private static void Visit(byte[] image, string version, Action<int> onMatch)
        {
            if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
                throw new BadImageFormatException("Not an ELF file.");
            if (image[4] != 2 || image[5] != 1)
                throw new BadImageFormatException("Only little-endian ELF64 files are supported.");

            long sectionTable = ReadI64(image, 0x28);
            int entrySize = ReadU16(image, 0x3A);
            int sectionCount = ReadU16(image, 0x3C);
            for (int i = 0; i < sectionCount; i++)
            {
                int header = Checked(image, sectionTable + (long)i * entrySize, 64);
                if (ReadU32(image, header + 4) != ShtGnuVerneed)
                    continue;
                long offset = ReadI64(image, header + 0x18);
                int stringSection = Checked(image, sectionTable + (long)ReadU32(image, header + 0x28) * entrySize, 64);
                long strings = ReadI64(image, stringSection + 0x18);
                int needCount = (int)ReadU32(image, header + 0x2C);
                VisitNeeds(image, version, Checked(image, offset, 16), needCount, strings, onMatch);
            }
        }

        private static void VisitNeeds(byte[] image, string version, int need, int needCount, long strings, Action<int> onMatch)
        {
            for (int k = 0; k < needCount; k++)
            {
                int auxCount = ReadU16(image, need + 2);
                int aux = Checked(image, need + (long)ReadU32(image, need + 8), 16);
                for (int j = 0; j < auxCount; j++)
                {
                    if (ReadString(image, strings + ReadU32(image, aux + 8)) == version)
                        onMatch(aux + 4);
                    aux = Checked(image, aux + (long)ReadU32(image, aux + 12), 16);
                }
                uint next = ReadU32(image, need + 12);
                if (next == 0)
                    break;
                need = Checked(image, need + (long)next, 16);
            }
        }

        private static int Checked(byte[] image, long offset, int length)
        {
            if (offset < 0 || offset + length > image.Length)
                throw new BadImageFormatException("ELF structure points outside the file.");
            return (int)offset;
        }

        private static string ReadString(byte[] image, long offset)
        {
            int start = Checked(image, offset, 1);
            int end = Array.IndexOf(image, (byte)0, start);
            if (end < 0)
                throw new BadImageFormatException("Unterminated ELF string.");
            return Encoding.ASCII.GetString(image, start, end - start);
        }

        private static ushort ReadU16(byte[] b, int o) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(o));
        private static uint ReadU32(byte[] b, int o) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(o));
        private static long ReadI64(byte[] b, int o) => BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(o));
    }
}
