using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Model.Architectures;
using MultiTask.MLNet.Model.Blocks;

namespace MultiTask.MLNet
{
    /// <summary>
    /// A convolutional encoder: the feature vector read as an image of <see cref="Channels"/> x <see cref="Height"/> x
    /// <see cref="Width"/> (channel-major, as ML.NET's image extraction and Fashion-MNIST's pixels are laid out), the
    /// <see cref="Convolutions"/> (each a convolution, the activation and max pooling), flattened, then dense
    /// <see cref="HiddenLayers"/>. Alone it is a hard-sharing architecture with a convolutional trunk; it also serves as the
    /// expert network of <see cref="MixtureOfExperts"/>, <see cref="CustomizedGateControl"/> and
    /// <see cref="ProgressiveLayeredExtraction"/> (first level) and as the column network of <see cref="CrossStitch"/>.
    /// </summary>
    public sealed class ConvolutionalTrunk : MultiTaskArchitecture
    {
        /// <summary>Image channels, >= 1; default 1 (grey levels).</summary>
        public int Channels { get; set; } = 1;

        /// <summary>Image height in pixels, >= 1; required.</summary>
        public int Height { get; set; }

        /// <summary>Image width in pixels, >= 1; required.</summary>
        public int Width { get; set; }

        /// <summary>The convolution layers, in order; default two: 32 and 64 filters, 3x3, padding 1, 2x2 max pooling.</summary>
        public ConvolutionLayer[] Convolutions { get; set; } = { new ConvolutionLayer(32), new ConvolutionLayer(64) };

        /// <summary>Dense layers after the flattened convolutions; default { 128 }; may be empty.</summary>
        public int[] HiddenLayers { get; set; } = { 128 };

        internal override int? RequiredFeatureSize => Channels * Height * Width;

        internal override bool HasSharedRepresentation => true;

        internal override void Validate() => Validate(nameof(ConvolutionalTrunk));

        internal void Validate(string option)
        {
            SettingChecks.AtLeast(Channels, 1, $"{option}.{nameof(Channels)}");
            SettingChecks.AtLeast(Height, 1, $"{option}.{nameof(Height)}");
            SettingChecks.AtLeast(Width, 1, $"{option}.{nameof(Width)}");
            if (Convolutions == null || Convolutions.Length == 0 || Convolutions.Any(c => c == null))
                throw new ArgumentOutOfRangeException($"{option}.{nameof(Convolutions)}", $"{option}.{nameof(Convolutions)} must hold at least one ConvolutionLayer and no null.");
            for (int i = 0; i < Convolutions.Length; i++)
                Convolutions[i].Validate($"{option}.{nameof(Convolutions)}[{i}]");
            SettingChecks.Layers(HiddenLayers, $"{option}.{nameof(HiddenLayers)}", allowEmpty: true);
            // Building once with the image's own size checks that every layer leaves an output.
            Encoder("check", ParameterSpec.Shared, Channels * Height * Width, Activation.ReLU, 0, option);
        }

        internal override ArchitectureGraph Build(ArchitectureInputs inputs)
            => new SharedTrunkGraph(Encoder("shared", ParameterSpec.Shared, inputs.FeatureSize, inputs.Activation, inputs.Dropout, nameof(ConvolutionalTrunk)), inputs.TaskCount);

        /// <summary>
        /// The encoder's blocks for a feature vector of <paramref name="featureSize"/> values, parameters named
        /// <c>prefix.conv{i}</c> and <c>prefix.layer{j}</c> and owned by <paramref name="owner"/>; <paramref name="option"/>
        /// is how the user names this encoder in errors. <paramref name="activation"/> and <paramref name="dropout"/> follow
        /// every layer.
        /// </summary>
        internal BlockStack Encoder(string prefix, int owner, int featureSize, Activation activation, float dropout, string option)
        {
            if (featureSize != Channels * Height * Width)
                throw new ArgumentOutOfRangeException($"{option}.{nameof(Channels)}",
                    $"{option} reads the feature vector as a {Channels} x {Height} x {Width} image ({Channels * Height * Width} values), " +
                    $"but the feature column has {featureSize} values; set {nameof(Channels)}, {nameof(Height)} and {nameof(Width)} to the image's shape.");
            var blocks = new List<IBlock> { new ReshapeBlock(Channels, Height, Width) };
            for (int i = 0; i < Convolutions.Length; i++)
            {
                var c = Convolutions[i];
                blocks.Add(new Conv2dBlock($"{prefix}.conv{i}", $"{option}.{nameof(Convolutions)}[{i}]", owner, blocks[^1].OutputShape,
                    c.Filters, c.KernelSize, c.Stride, c.Padding, c.PoolSize, activation, dropout));
            }
            var flat = ReshapeBlock.Flatten(blocks[^1].OutputShape);
            blocks.Add(flat);
            var dense = BlockStack.Dense(prefix, owner, (int)flat.OutputShape[0], HiddenLayers, activation, dropout, activateLast: true);
            blocks.AddRange(dense.Blocks);
            return new BlockStack(new long[] { featureSize }, blocks);
        }
    }
}
