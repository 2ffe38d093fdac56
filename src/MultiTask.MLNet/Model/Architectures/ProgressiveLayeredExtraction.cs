namespace MultiTask.MLNet
{
    /// <summary>
    /// Progressive Layered Extraction, PLE (Tang et al., RecSys 2020): <see cref="Levels"/> stacked extraction levels, each a
    /// <see cref="CustomizedGateControl"/>. At each level every task has its own branch and there is one shared branch: task
    /// k's experts read its branch, the shared experts read the shared branch; task k's gate mixes the shared experts and its
    /// own into its next branch, and a shared gate mixes all experts into the next shared branch (not needed after the last
    /// level). The first level reads the features; an <see cref="CustomizedGateControl.ExpertNetwork"/> serves the first
    /// level only, later levels read vectors and use <see cref="CustomizedGateControl.ExpertLayers"/>.
    /// </summary>
    public sealed class ProgressiveLayeredExtraction : CustomizedGateControl
    {
        /// <summary>Number of extraction levels, >= 1; default 2. One level is <see cref="CustomizedGateControl"/>.</summary>
        public int Levels { get; set; } = 2;

        private protected override int LevelCount => Levels;
    }
}
