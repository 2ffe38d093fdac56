using System.Linq;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Model.Architectures;

namespace MultiTask.MLNet
{
    /// <summary>
    /// Multi-gate Mixture-of-Experts, MMoE (Ma et al., "Modeling Task Relationships in Multi-task Learning with Multi-gate
    /// Mixture-of-Experts", KDD 2018): <see cref="Experts"/> shared expert networks read the features; each task has its own
    /// softmax gate (one linear layer of the features), and its representation is the gate-weighted sum of the experts'
    /// outputs. The experts are the shared parameters; each gate belongs to its task.
    /// </summary>
    public sealed class MixtureOfExperts : MultiTaskArchitecture
    {
        /// <summary>Number of shared experts, >= 1; default 4.</summary>
        public int Experts { get; set; } = 4;

        /// <summary>Dense layer sizes of every expert; default { 64 }.</summary>
        public int[] ExpertLayers { get; set; } = { 64 };

        /// <summary>A convolutional expert network instead of dense <see cref="ExpertLayers"/>; default null.</summary>
        public ConvolutionalTrunk ExpertNetwork { get; set; }

        internal override int? RequiredFeatureSize => ExpertNetwork?.RequiredFeatureSize;

        internal override void Validate()
        {
            SettingChecks.AtLeast(Experts, 1, $"{nameof(MixtureOfExperts)}.{nameof(Experts)}");
            ExpertNetworks.Validate(ExpertLayers, ExpertNetwork, nameof(MixtureOfExperts), nameof(ExpertLayers), nameof(ExpertNetwork));
        }

        internal override ArchitectureGraph Build(ArchitectureInputs inputs)
        {
            var experts = Enumerable.Range(0, Experts)
                .Select(e => ExpertNetworks.Build($"experts.{e}", ParameterSpec.Shared, inputs.FeatureSize, true, ExpertLayers, ExpertNetwork, inputs,
                    $"{nameof(MixtureOfExperts)}.{nameof(ExpertNetwork)}"))
                .ToList();
            var gates = Enumerable.Range(0, inputs.TaskCount).Select(k => ExpertNetworks.Gate($"gates.{k}", k, inputs.FeatureSize, Experts)).ToList();
            return new MixtureOfExpertsGraph(experts, gates);
        }
    }
}
