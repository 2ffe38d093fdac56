using System.Linq;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Model.Architectures;

namespace MultiTask.MLNet
{
    /// <summary>
    /// Cross-stitch networks (Misra et al., "Cross-stitch Networks for Multi-task Learning", CVPR 2016): one column network
    /// per task, all of the same shape; after every layer but the last, a learned K x K cross-stitch unit U mixes the columns'
    /// activations, <c>h_k' = sum_j U[k, j] h_j</c>. U starts at <see cref="SelfWeight"/> on its diagonal and shares the rest
    /// equally (the paper's 0.9 / 0.1). As in LibMTL, every column and unit counts as shared: each task's loss reaches all of
    /// them through the units.
    /// </summary>
    public sealed class CrossStitch : MultiTaskArchitecture
    {
        /// <summary>Dense layer sizes of every task's column; default { 64, 64 }.</summary>
        public int[] HiddenLayers { get; set; } = { 64, 64 };

        /// <summary>A convolutional column network instead of dense <see cref="HiddenLayers"/>; default null.</summary>
        public ConvolutionalTrunk ColumnNetwork { get; set; }

        /// <summary>Initial weight of a column on itself in every unit, in [0, 1]; default 0.9. 1 starts with independent columns.</summary>
        public float SelfWeight { get; set; } = 0.9f;

        internal override int? RequiredFeatureSize => ColumnNetwork?.RequiredFeatureSize;

        internal override void Validate()
        {
            ExpertNetworks.Validate(HiddenLayers, ColumnNetwork, nameof(CrossStitch), nameof(HiddenLayers), nameof(ColumnNetwork));
            if (!(SelfWeight >= 0 && SelfWeight <= 1))
                throw new System.ArgumentOutOfRangeException($"{nameof(CrossStitch)}.{nameof(SelfWeight)}",
                    $"{nameof(CrossStitch)}.{nameof(SelfWeight)} must be in [0, 1], got {SelfWeight}.");
        }

        internal override ArchitectureGraph Build(ArchitectureInputs inputs)
        {
            var columns = Enumerable.Range(0, inputs.TaskCount)
                .Select(k => ExpertNetworks.Build($"columns.{k}", ParameterSpec.Shared, inputs.FeatureSize, true, HiddenLayers, ColumnNetwork, inputs,
                    $"{nameof(CrossStitch)}.{nameof(ColumnNetwork)}"))
                .ToList();
            return new CrossStitchGraph(columns, SelfWeight);
        }
    }
}
