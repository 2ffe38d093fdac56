using Microsoft.ML.Data;

namespace AlternateTraining
{
    /// <summary>Predicted spend and churn of one customer.</summary>
    public sealed class ModelOutput
    {
        [ColumnName("Spend.Score")] public float Spend { get; set; }
        [ColumnName("Churned.Probability")] public float ChurnProbability { get; set; }
        [ColumnName("Churned.PredictedLabel")] public bool Churned { get; set; }
    }
}
