using Microsoft.ML.Data;

namespace MethodBenchmark.MultiFashion
{
    /// <summary>What the saved model predicts for one image: the class name of each item and each task's class probabilities.</summary>
    public sealed class MultiFashionOutput
    {
        [ColumnName("TopLeftPredicted")] public string TopLeft { get; set; }
        [ColumnName("BottomRightPredicted")] public string BottomRight { get; set; }
        [ColumnName("TopLeft.Score")] public float[] TopLeftScores { get; set; }
        [ColumnName("BottomRight.Score")] public float[] BottomRightScores { get; set; }
    }
}
