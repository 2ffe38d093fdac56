namespace MultiTask.MLNet.Data
{
    /// <summary>Per task, how many rows have a label and how many count in its loss (labelled, positive example weight).</summary>
    internal sealed class LabelCounts
    {
        private readonly long[] labelled;
        private readonly long[] counted;

        public LabelCounts(int taskCount)
        {
            labelled = new long[taskCount];
            counted = new long[taskCount];
        }

        public int TaskCount => counted.Length;

        public long Labelled(int task) => labelled[task];

        public long Counted(int task) => counted[task];

        /// <summary>Counts one row of task <paramref name="task"/> with label mask <paramref name="mask"/> and example weight <paramref name="weight"/>.</summary>
        public void Add(int task, float mask, float weight)
        {
            if (mask > 0)
            {
                labelled[task]++;
                if (weight > 0)
                    counted[task]++;
            }
        }

        public static LabelCounts Of(TrainingData data)
        {
            var counts = new LabelCounts(data.Labels.Count);
            for (int k = 0; k < data.Labels.Count; k++)
                for (int i = 0; i < data.RowCount; i++)
                    counts.Add(k, data.Labels[k].Mask[i], data.Weights?[i] ?? 1);
            return counts;
        }
    }
}
