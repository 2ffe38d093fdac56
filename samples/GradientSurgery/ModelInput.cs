using Microsoft.ML.Data;

namespace GradientSurgery
{
    /// <summary>
    /// One row: 250 features, a primary and an auxiliary label vector of 100 values. A training row carries one of the
    /// two labels (the other is all NaN, so that row does not count in that task's loss).
    /// </summary>
    public sealed class ModelInput
    {
        public const int Inputs = 250;
        public const int Outputs = 100;

        [LoadColumn(0, Inputs - 1), VectorType(Inputs)] public float[] Features { get; set; }
        [LoadColumn(Inputs, Inputs + Outputs - 1), VectorType(Outputs)] public float[] Primary { get; set; }
        [LoadColumn(Inputs + Outputs, Inputs + 2 * Outputs - 1), VectorType(Outputs)] public float[] Auxiliary { get; set; }
    }
}
