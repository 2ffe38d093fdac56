using Microsoft.ML.Data;

namespace Quickstart
{
    /// <summary>One house, as a row of houses-train.csv: four raw features and three targets of different kinds.</summary>
    public sealed class ModelInput
    {
        [LoadColumn(0)] public float Size { get; set; }
        [LoadColumn(1)] public float Rooms { get; set; }
        [LoadColumn(2)] public float Age { get; set; }
        [LoadColumn(3)] public float Distance { get; set; }
        [LoadColumn(4)] public float Price { get; set; }
        [LoadColumn(5)] public bool IsLuxury { get; set; }
        [LoadColumn(6)] public string Category { get; set; }
    }
}
