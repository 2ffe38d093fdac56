using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Model;

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

        /// <summary>The rows <paramref name="indices"/>, in that order.</summary>
        public TrainingData Rows(IReadOnlyList<int> indices)
        {
            float[] Gather(float[] source, int width)
            {
                if (source == null)
                    return null;
                var target = new float[indices.Count * width];
                for (int i = 0; i < indices.Count; i++)
                    System.Array.Copy(source, (long)indices[i] * width, target, (long)i * width, width);
                return target;
            }
            return new TrainingData(indices.Count, FeatureCount, Gather(Features, FeatureCount),
                Labels.Select(l => new TaskLabels(l.Width, Gather(l.Values, l.Width), Gather(l.Mask, 1))).ToList(), Gather(Weights, 1));
        }

        /// <summary>The same rows with task labels replaced by <paramref name="labels"/>.</summary>
        public TrainingData WithLabels(IReadOnlyList<TaskLabels> labels) => new TrainingData(RowCount, FeatureCount, Features, labels, Weights);

        /// <summary>
        /// The same rows with each regression label in the standardised units its head trains on (tasks whose entry in
        /// <paramref name="scalings"/> is null keep their labels).
        /// </summary>
        public TrainingData Standardized(IReadOnlyList<LabelScaling> scalings)
            => WithLabels(Labels.Select((l, k) => scalings[k] is { } scaling ? new TaskLabels(l.Width, scaling.Standardize(l.Values, l.Mask), l.Mask) : l).ToList());

        /// <summary>Task <paramref name="task"/>'s weight of every row in its loss: label mask times example weight.</summary>
        public float[] RowWeights(int task)
        {
            var mask = Labels[task].Mask;
            return Weights == null ? mask : mask.Select((m, i) => m * Weights[i]).ToArray();
        }
    }
}
