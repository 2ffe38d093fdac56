using MultiTask.MLNet.Model.Architectures;

namespace MultiTask.MLNet
{
    /// <summary>
    /// Customized Gate Control, CGC (Tang et al., "Progressive Layered Extraction (PLE): A Novel Multi-Task Learning (MTL)
    /// Model for Personalized Recommendations", RecSys 2020): <see cref="SharedExperts"/> experts serve every task and
    /// <see cref="ExpertsPerTask"/> experts serve one task each; task k's softmax gate (one linear layer of the features)
    /// mixes the shared experts and its own. The shared experts are the shared parameters; a task's experts and gate are its own.
    /// It is <see cref="ProgressiveLayeredExtraction"/> with one level.
    /// </summary>
    public class CustomizedGateControl : MultiTaskArchitecture
    {
        /// <summary>Number of experts every task uses, >= 0; default 2.</summary>
        public int SharedExperts { get; set; } = 2;

        /// <summary>Number of experts of each task alone, >= 0; default 1. Shared and per-task experts together must be >= 1.</summary>
        public int ExpertsPerTask { get; set; } = 1;

        /// <summary>Dense layer sizes of every expert; default { 64 }.</summary>
        public int[] ExpertLayers { get; set; } = { 64 };

        /// <summary>A convolutional expert network instead of dense <see cref="ExpertLayers"/>; default null.</summary>
        public ConvolutionalTrunk ExpertNetwork { get; set; }

        internal override int? RequiredFeatureSize => ExpertNetwork?.RequiredFeatureSize;

        /// <summary>The number of extraction levels: 1 for CGC.</summary>
        private protected virtual int LevelCount => 1;

        internal override void Validate()
            => ExtractionSettings.Validate(GetType().Name, SharedExperts, ExpertsPerTask, LevelCount, ExpertLayers, ExpertNetwork);

        internal override ArchitectureGraph Build(ArchitectureInputs inputs)
            => new ExtractionGraph(GetType().Name, SharedExperts, ExpertsPerTask, LevelCount, ExpertLayers, ExpertNetwork, inputs);
    }
}
