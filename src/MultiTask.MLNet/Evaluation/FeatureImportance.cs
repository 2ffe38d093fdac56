using System.Collections.Generic;

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
        public override string ToString() => $"{SlotName ?? $"slot {Slot}"}: {Change:+0.0000;-0.0000} (sd {StandardDeviation:0.0000})";
    }

    /// <summary>One task's permutation feature importance: every feature slot's <see cref="FeatureImportance"/>.</summary>
    public sealed class TaskFeatureImportance
    {
        internal TaskFeatureImportance(string taskName, string metric, double baseline, IReadOnlyList<FeatureImportance> slots)
        {
            TaskName = taskName;
            Metric = metric;
            Baseline = baseline;
            Slots = slots;
        }

        /// <summary>The task's name.</summary>
        public string TaskName { get; }

        /// <summary>The metric measured, by ML.NET's property name: RSquared (regression), AreaUnderRocCurve (binary), MicroAccuracy (multiclass).</summary>
        public string Metric { get; }

        /// <summary>The metric on the data as it is.</summary>
        public double Baseline { get; }

        /// <summary>One entry per feature slot, in slot order.</summary>
        public IReadOnlyList<FeatureImportance> Slots { get; }
    }
}
