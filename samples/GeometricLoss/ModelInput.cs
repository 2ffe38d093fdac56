using Microsoft.ML.Data;

namespace GeometricLoss
{
    /// <summary>One row: x, the five noisy targets, and the five noiseless curves the test MSE is measured against.</summary>
    public sealed class ModelInput
    {
        public const int Tasks = 5;

        [LoadColumn(0, 0), VectorType(1)] public float[] Features { get; set; }
        [LoadColumn(1)] public float Y0 { get; set; }
        [LoadColumn(2)] public float Y1 { get; set; }
        [LoadColumn(3)] public float Y2 { get; set; }
        [LoadColumn(4)] public float Y3 { get; set; }
        [LoadColumn(5)] public float Y4 { get; set; }
        [NoColumn] public float[] Truth { get; set; }

        public static readonly string[] TaskColumns = { nameof(Y0), nameof(Y1), nameof(Y2), nameof(Y3), nameof(Y4) };
    }
}
