using Microsoft.ML.Data;

namespace GeometricLoss
{
    /// <summary>The five curves' predicted values at one x.</summary>
    public sealed class ModelOutput
    {
        [ColumnName("Y0.Score")] public float Y0 { get; set; }
        [ColumnName("Y1.Score")] public float Y1 { get; set; }
        [ColumnName("Y2.Score")] public float Y2 { get; set; }
        [ColumnName("Y3.Score")] public float Y3 { get; set; }
        [ColumnName("Y4.Score")] public float Y4 { get; set; }
    }
}
