using Microsoft.ML.Data;

namespace TaskRelatedness
{
    /// <summary>The three tasks' predictions for one row.</summary>
    public sealed class ModelOutput
    {
        [ColumnName("Y1.Score")] public float Y1 { get; set; }
        [ColumnName("Y2.Score")] public float Y2 { get; set; }
        [ColumnName("Above.Probability")] public float AboveProbability { get; set; }
        [ColumnName("Above.PredictedLabel")] public bool Above { get; set; }
    }
}
