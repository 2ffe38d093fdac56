
namespace MultiTask.MLNet
{
    /// <summary>
    /// One feature slot's permutation importance for one task: how the task's headline metric changed when the slot's
    /// values were shuffled across rows (ML.NET's convention: negative means the metric got worse, so the task uses it).
    /// </summary>
    public sealed class FeatureImportance
    {
        internal FeatureImportance(int slot, string slotName, double change, double standardDeviation)
        {
            Slot = slot;
            SlotName = slotName;
            Change = change;
            StandardDeviation = standardDeviation;
        }

        /// <summary>The slot's index in the feature vector.</summary>
        public int Slot { get; }

        /// <summary>The slot's name from the feature column's slot names (as <c>Concatenate</c> writes them); null without.</summary>
        public string SlotName { get; }

        /// <summary>Mean over the permutations of (metric with the slot shuffled) - (metric as scored).</summary>
        public double Change { get; }

        /// <summary>Sample standard deviation of the change over the permutations; 0 with one permutation.</summary>
        public double StandardDeviation { get; }

        /// <inheritdoc/>
        public override string ToString()
            => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{SlotName ?? $"slot {Slot}"}: {Change:+0.0000;-0.0000} (sd {StandardDeviation:0.0000})");
    }
}
