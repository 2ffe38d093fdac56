using System.Collections.Generic;

namespace MultiTask.MLNet.Data
{
    /// <summary>An IDataView materialised for training: dense row-major features, per-task labels and masks, weights.</summary>
    internal sealed class TrainingData
    {
        public TrainingData(int rowCount, int featureCount, float[] features, IReadOnlyList<TaskLabels> labels, float[] weights)
        {
            RowCount = rowCount;
            FeatureCount = featureCount;
            Features = features;
            Labels = labels;
            Weights = weights;
        }

        public int RowCount { get; }
        public int FeatureCount { get; }
        public float[] Features { get; }
        public IReadOnlyList<TaskLabels> Labels { get; }

        /// <summary>Example weights, or null when every row weighs 1.</summary>
        public float[] Weights { get; }
    }
}
