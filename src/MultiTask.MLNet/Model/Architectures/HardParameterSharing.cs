using System;
using MultiTask.MLNet.Model.Architectures;
using MultiTask.MLNet.Model.Blocks;

namespace MultiTask.MLNet
{
    /// <summary>
    /// Hard parameter sharing (Caruana, 1997): one trunk of dense layers shared by every task, whose output z every head
    /// reads. The default architecture.
    /// </summary>
    public sealed class HardParameterSharing : MultiTaskArchitecture
    {
        /// <summary>Sizes of the shared trunk's dense layers; default { 64 }; empty: the heads read the features directly.</summary>
        public int[] HiddenLayers { get; set; } = { 64 };

        internal override bool HasSharedRepresentation => true;

        internal override void Validate() => SettingChecks.Layers(HiddenLayers, $"{nameof(HardParameterSharing)}.{nameof(HiddenLayers)}", allowEmpty: true);

        internal override ArchitectureGraph Build(ArchitectureInputs inputs)
            => new SharedTrunkGraph(BlockStack.Dense("shared", Model.ParameterSpec.Shared, inputs.FeatureSize, HiddenLayers, inputs.Activation, inputs.Dropout, activateLast: true),
                inputs.TaskCount);
    }
}
