namespace MultiTask.MLNet.Benchmarks
{
    /// <summary>The two networks the overhead benchmark runs: seed 000's and a wide one.</summary>
    public enum NetworkShape
    {
        /// <summary>250 inputs, 4 x 100 ReLU, two regression heads of 100 outputs; 10,000 rows.</summary>
        Seed000,

        /// <summary>784 inputs, 512-256 ReLU, ten regression heads of one output; 10,000 rows.</summary>
        Wide,
    }

    internal static class NetworkShapes
    {
        public static (int Inputs, int[] Trunk, int Tasks, int Outputs) Of(NetworkShape shape) => shape == NetworkShape.Seed000
            ? (250, new[] { 100, 100, 100, 100 }, 2, 100)
            : (784, new[] { 512, 256 }, 10, 1);
    }
}
