using System.Collections.Generic;

namespace MultiTask.MLNet
{
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
