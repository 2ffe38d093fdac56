using System;
using System.Collections.Generic;
using MultiTask.MLNet.Model.Blocks;

namespace MultiTask.MLNet.Model.Architectures
{
    /// <summary>
    /// The expert (or column) networks of the gated and cross-stitch architectures: dense layers of the given sizes, or a
    /// <see cref="ConvolutionalTrunk"/> where the input is the image itself (the first level).
    /// </summary>
    internal static class ExpertNetworks
    {
        public static void Validate(int[] layers, ConvolutionalTrunk convolutional, string owner, string layersName, string networkName)
        {
            if (convolutional != null)
                convolutional.Validate($"{owner}.{networkName}");
            else
                SettingChecks.Layers(layers, $"{owner}.{layersName}");
        }

        /// <summary>One expert reading inputs of <paramref name="inputSize"/> values, its parameters named <c>prefix.*</c>.</summary>
        public static BlockStack Build(string prefix, int owner, int inputSize, bool readsFeatures, int[] layers, ConvolutionalTrunk convolutional,
            ArchitectureInputs inputs, string option)
            => convolutional != null && readsFeatures
                ? convolutional.Encoder(prefix, owner, inputSize, inputs.Activation, inputs.Dropout, option)
                : BlockStack.Dense(prefix, owner, inputSize, layers, inputs.Activation, inputs.Dropout, activateLast: true);

        /// <summary>A softmax gate's logits: one linear layer from the gate's input to one value per expert it mixes.</summary>
        public static DenseBlock Gate(string name, int owner, int inputSize, int experts)
            => new DenseBlock(name, owner, inputSize, experts, activation: null, dropout: 0);

        /// <summary>Throws unless every expert of a mixture has the same output size.</summary>
        public static int CommonSize(IReadOnlyList<BlockStack> experts, string option)
        {
            int size = experts[0].OutputSize;
            foreach (var expert in experts)
                if (expert.OutputSize != size)
                    throw new ArgumentOutOfRangeException(option, $"{option}: the experts a gate mixes must have one output size; got {size} and {expert.OutputSize}.");
            return size;
        }
    }
}
