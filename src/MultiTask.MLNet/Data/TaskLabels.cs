namespace MultiTask.MLNet.Data
{
    /// <summary>
    /// One task's labels for every row: <see cref="Values"/> holds width numbers a row (regression values,
    /// 0/1 for binary, the 0-based class index for multiclass); <see cref="Mask"/> is 1 where the row has a label.
    /// </summary>
    internal sealed class TaskLabels
    {
        public TaskLabels(int width, float[] values, float[] mask)
        {
            Width = width;
            Values = values;
            Mask = mask;
        }

        public int Width { get; }
        public float[] Values { get; }
        public float[] Mask { get; }
    }
}
