namespace MultiTask.MLNet.Benchmarks
{
    /// <summary>The networks the overhead benchmark runs: seed 000's, a wide one, and seed 000's trunk with ten heads.</summary>
    public enum NetworkShape
    {
        /// <summary>250 inputs, 4 x 100 ReLU, two regression heads of 100 outputs; 10,000 rows.</summary>
        Seed000,

        /// <summary>784 inputs, 512-256 ReLU, ten regression heads of one output; 10,000 rows.</summary>
        Wide,

        /// <summary>Seed 000's trunk (250 inputs, 4 x 100 ReLU) with ten regression heads of one output.</summary>
        TenHeadsOfOne,

        /// <summary>Seed 000's trunk (250 inputs, 4 x 100 ReLU) with ten regression heads of ten outputs.</summary>
        TenHeadsOfTen,
    }

    internal static class NetworkShapes
    {
        public static (int Inputs, int[] Trunk, int Tasks, int Outputs) Of(NetworkShape shape) => shape switch
        {
            NetworkShape.Seed000 => (250, new[] { 100, 100, 100, 100 }, 2, 100),
            NetworkShape.Wide => (784, new[] { 512, 256 }, 10, 1),
            NetworkShape.TenHeadsOfOne => (250, new[] { 100, 100, 100, 100 }, 10, 1),
            _ => (250, new[] { 100, 100, 100, 100 }, 10, 10),
        };
    }
}
