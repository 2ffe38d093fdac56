using Microsoft.ML.Data;

namespace Quickstart
{
    /// <summary>What the model predicts for a house: one column group per task.</summary>
    public sealed class ModelOutput
    {
        [ColumnName("Price.Score")] public float Price { get; set; }
        [ColumnName("IsLuxury.Probability")] public float LuxuryProbability { get; set; }
        [ColumnName("IsLuxury.PredictedLabel")] public bool IsLuxury { get; set; }
        [ColumnName("Category.Score")] public float[] CategoryProbabilities { get; set; }
        [ColumnName("CategoryName")] public string Category { get; set; }
    }
}
