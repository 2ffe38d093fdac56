using Microsoft.ML.Data;

namespace AlternateTraining
{
    /// <summary>
    /// A customer row from either of two data sets: the sales data set labels <see cref="Spend"/>, the survey data set
    /// labels <see cref="Churned"/>. Concatenated, each row lacks the other data set's label: Spend is NaN, or
    /// <see cref="HasChurn"/> is false.
    /// </summary>
    public sealed class ModelInput
    {
        public const int Inputs = 8;

        [LoadColumn(0, Inputs - 1), VectorType(Inputs)] public float[] Features { get; set; }
        [LoadColumn(Inputs)] public float Spend { get; set; }
        [LoadColumn(Inputs + 1)] public bool Churned { get; set; }
        [LoadColumn(Inputs + 2)] public bool HasChurn { get; set; }
    }
}
