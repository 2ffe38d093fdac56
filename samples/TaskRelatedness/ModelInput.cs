using Microsoft.ML.Data;

namespace TaskRelatedness
{
    /// <summary>
    /// One row of the MMoE paper's synthetic data: x ~ N(0, I) in 100 dimensions, the two regression targets Y1 and Y2
    /// whose relatedness the weight vectors' cosine controls, and a binary target of another kind, Above = Y1 above its
    /// training median.
    /// </summary>
    public sealed class ModelInput
    {
        public const int Dimensions = 100;

        [LoadColumn(0, Dimensions - 1), VectorType(Dimensions)] public float[] Features { get; set; }
        [LoadColumn(Dimensions)] public float Y1 { get; set; }
        [LoadColumn(Dimensions + 1)] public float Y2 { get; set; }
        [LoadColumn(Dimensions + 2)] public bool Above { get; set; }
    }
}
