using System;
using System.Collections.Generic;

namespace MultiTask.MLNet.Model.Architectures
{
    /// <summary>The range checks of the architectures' settings: each names the setting it refuses.</summary>
    internal static class SettingChecks
    {
        /// <summary>Throws unless <paramref name="value"/> is at least <paramref name="minimum"/>.</summary>
        public static void AtLeast(int value, int minimum, string option)
        {
            if (value < minimum)
                throw new ArgumentOutOfRangeException(option, $"{option} must be >= {minimum}, got {value}.");
        }

        /// <summary>Throws unless <paramref name="sizes"/> holds layer sizes >= 1 (and at least one unless <paramref name="allowEmpty"/>).</summary>
        public static void Layers(IReadOnlyList<int> sizes, string option, bool allowEmpty = false)
        {
            if (sizes == null)
                throw new ArgumentOutOfRangeException(option, $"{option} must not be null.");
            if (!allowEmpty && sizes.Count == 0)
                throw new ArgumentOutOfRangeException(option, $"{option} must hold at least one layer size.");
            foreach (int size in sizes)
                if (size < 1)
                    throw new ArgumentOutOfRangeException(option, $"{option} must hold sizes >= 1, got [{string.Join(", ", sizes)}].");
        }
    }
}
