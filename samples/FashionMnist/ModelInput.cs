using Microsoft.ML.Data;

namespace FashionMnist
{
    /// <summary>One 28 x 28 image, pixels scaled to [0, 1], with its class name.</summary>
    public sealed class ModelInput
    {
        public const int Side = 28;
        public const int PixelCount = Side * Side;

        [LoadColumn(0, PixelCount - 1), VectorType(PixelCount)] public float[] Pixels { get; set; }
        [LoadColumn(PixelCount)] public string Label { get; set; }
    }
}
