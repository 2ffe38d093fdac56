using System;
using System.Linq;

namespace MultiTask.MLNet.Data
{
    /// <summary>
    /// A fixed number of training rows in preallocated arrays (features, each task's labels and mask, example
    /// weights): the shuffle buffer and the mini-batch of streaming training, reused row by row without allocation.
    /// </summary>
    internal sealed class RowBlock
    {
        private readonly int featureCount;
        private readonly int[] widths;
        private readonly float[] features;
        private readonly float[][] labels;
        private readonly float[][] masks;
        private readonly float[] weights;

        public RowBlock(int capacity, int featureCount, int[] labelWidths, bool weighted)
        {
            Capacity = capacity;
            this.featureCount = featureCount;
            widths = labelWidths;
            features = new float[(long)capacity * featureCount];
            labels = labelWidths.Select(w => new float[(long)capacity * w]).ToArray();
            masks = labelWidths.Select(_ => new float[capacity]).ToArray();
            weights = weighted ? new float[capacity] : null;
        }

        public int Capacity { get; }

        /// <summary>How many slots hold a row.</summary>
        public int Count { get; private set; }

        public bool IsFull => Count == Capacity;

        public void Clear() => Count = 0;

        /// <summary>Reads the reader's current row into the next free slot.</summary>
        public void Append(TrainingRowReader reader) => Read(reader, Count++);

        /// <summary>Reads the reader's current row into <paramref name="slot"/>, replacing what it held.</summary>
        public void Read(TrainingRowReader reader, int slot)
        {
            reader.ReadFeatures(features.AsSpan(slot * featureCount, featureCount));
            for (int k = 0; k < widths.Length; k++)
                masks[k][slot] = reader.ReadLabel(k, labels[k].AsSpan(slot * widths[k], widths[k]));
            if (weights != null)
                weights[slot] = reader.ReadWeight();
        }

        /// <summary>Copies the row in <paramref name="slot"/> to the next free slot of <paramref name="target"/>.</summary>
        public void MoveTo(int slot, RowBlock target)
        {
            int to = target.Count++;
            Array.Copy(features, (long)slot * featureCount, target.features, (long)to * featureCount, featureCount);
            for (int k = 0; k < widths.Length; k++)
            {
                Array.Copy(labels[k], (long)slot * widths[k], target.labels[k], (long)to * widths[k], widths[k]);
                target.masks[k][to] = masks[k][slot];
            }
            if (weights != null)
                target.weights[to] = weights[slot];
        }

        /// <summary>
        /// The rows held, as training data. A full block lends its own arrays (no copy: a batch of 256 rows x 100 features
        /// would otherwise be a large-object allocation per step), so the result is valid only until the block changes.
        /// </summary>
        public TrainingData ToTrainingData()
        {
            float[] Head(float[] source, int width) => source == null || IsFull ? source : source.AsSpan(0, Count * width).ToArray();
            var taskLabels = widths.Select((w, k) => new TaskLabels(w, Head(labels[k], w), Head(masks[k], 1))).ToList();
            return new TrainingData(Count, featureCount, Head(features, featureCount), taskLabels, Head(weights, 1));
        }
    }
}
