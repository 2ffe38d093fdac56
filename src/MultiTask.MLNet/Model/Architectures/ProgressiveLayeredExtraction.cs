using MultiTask.MLNet.Model.Architectures;

namespace MultiTask.MLNet
{
    /// <summary>
    /// Progressive Layered Extraction, PLE (Tang et al., RecSys 2020): <see cref="Levels"/> stacked extraction levels. At each
    /// level every task has its own branch and there is one shared branch: task k's experts read its branch, the shared experts
    /// read the shared branch; task k's gate mixes the shared experts and its own into its next branch, and a shared gate
    /// mixes all experts into the next shared branch (not needed after the last level). The first level reads the features.
    /// With one level it is <see cref="CustomizedGateControl"/>.
    /// </summary>
    public sealed class ProgressiveLayeredExtraction : MultiTaskArchitecture
    {
        /// <summary>Number of extraction levels, >= 1; default 2.</summary>
        public int Levels { get; set; } = 2;

        /// <summary>Number of shared experts per level, >= 0; default 2.</summary>
        public int SharedExperts { get; set; } = 2;

        /// <summary>Number of experts of each task per level, >= 0; default 1. Shared and per-task experts together must be >= 1.</summary>
        public int ExpertsPerTask { get; set; } = 1;

        /// <summary>Dense layer sizes of every expert; default { 64 }.</summary>
        public int[] ExpertLayers { get; set; } = { 64 };

        /// <summary>
        /// A convolutional expert network for the first level instead of dense <see cref="ExpertLayers"/> (later levels read
        /// vectors and use <see cref="ExpertLayers"/>); default null.
        /// </summary>
        public ConvolutionalTrunk ExpertNetwork { get; set; }

        internal override int? RequiredFeatureSize => ExpertNetwork?.RequiredFeatureSize;

        internal override void Validate()
            => ExtractionSettings.Validate(nameof(ProgressiveLayeredExtraction), SharedExperts, ExpertsPerTask, Levels, ExpertLayers, ExpertNetwork);

        internal override ArchitectureGraph Build(ArchitectureInputs inputs)
            => new ExtractionGraph(nameof(ProgressiveLayeredExtraction), SharedExperts, ExpertsPerTask, Levels, ExpertLayers, ExpertNetwork, inputs);
    }
}
