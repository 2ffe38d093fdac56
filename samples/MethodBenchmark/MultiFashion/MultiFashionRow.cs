using Microsoft.ML.Data;

namespace MethodBenchmark.MultiFashion
{
    /// <summary>One Multi-Fashion image: 28 x 28 grey levels in [0, 1], row-major, and the classes of its two items.</summary>
    public sealed class MultiFashionRow
    {
        public const int Side = 28;

        [VectorType(Side * Side)] public float[] Pixels { get; set; }
        public string TopLeft { get; set; }
        public string BottomRight { get; set; }
    }
}
