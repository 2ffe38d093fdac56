using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using MultiTask.MLNet.Model.Architectures;

namespace MultiTask.MLNet
{
    /// <summary>
    /// How the network between the features and the task heads is wired: which parameters the tasks share and which each
    /// task owns. Set one on <see cref="MultiTaskTrainer.Options.Architecture"/>; the default is
    /// <see cref="HardParameterSharing"/> built from <see cref="MultiTaskTrainer.Options.HiddenLayers"/>. Every architecture
    /// trains with every task kind, gradient combiner (at the parameter level over its shared parameters) and loss weighting,
    /// and is exported to ONNX for scoring.
    /// </summary>
    [JsonPolymorphic(TypeDiscriminatorPropertyName = "Type")]
    [JsonDerivedType(typeof(HardParameterSharing), nameof(HardParameterSharing))]
    [JsonDerivedType(typeof(ConvolutionalTrunk), nameof(ConvolutionalTrunk))]
    [JsonDerivedType(typeof(MixtureOfExperts), nameof(MixtureOfExperts))]
    [JsonDerivedType(typeof(CustomizedGateControl), nameof(CustomizedGateControl))]
    [JsonDerivedType(typeof(ProgressiveLayeredExtraction), nameof(ProgressiveLayeredExtraction))]
    [JsonDerivedType(typeof(CrossStitch), nameof(CrossStitch))]
    public abstract class MultiTaskArchitecture
    {
        private protected MultiTaskArchitecture() { }

        /// <summary>
        /// True when every task reads one shared representation (hard sharing): then gradients can be taken at it
        /// (<c>GradientLevel.Representation</c>) and rotated (the RotoGrad family).
        /// </summary>
        internal virtual bool HasSharedRepresentation => false;

        /// <summary>The feature-vector size the architecture needs, when it fixes one (an image's channels x height x width).</summary>
        internal virtual int? RequiredFeatureSize => null;

        /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the property when a setting is out of range.</summary>
        internal abstract void Validate();

        internal abstract ArchitectureGraph Build(ArchitectureInputs inputs);

        /// <summary>The settings as JSON: stored in the model's description, and compared on a warm start.</summary>
        internal string ToJson() => JsonSerializer.Serialize(this);

        internal static MultiTaskArchitecture FromJson(string json) => JsonSerializer.Deserialize<MultiTaskArchitecture>(json);

        /// <summary>A copy that later changes to this object cannot reach.</summary>
        internal MultiTaskArchitecture Clone() => FromJson(ToJson());

        /// <inheritdoc/>
        public override string ToString() => ToJson();
    }
}
