using System;
using System.Collections.Generic;
using System.Linq;

namespace MultiTask.MLNet.Network
{
    /// <summary>The shape of a multi-task network: input size, trunk, and per head its hidden sizes and output size.</summary>
    internal sealed class NetworkLayout
    {
        public NetworkLayout(int inputSize, IReadOnlyList<int> trunk, IReadOnlyList<HeadLayout> heads, Activation activation, float dropout,
            WeightInitialization initialization = WeightInitialization.Default)
        {
            InputSize = inputSize;
            Trunk = trunk.ToArray();
            Heads = heads.ToArray();
            Activation = activation;
            Dropout = dropout;
            Initialization = initialization;
        }

        public int InputSize { get; }
        public IReadOnlyList<int> Trunk { get; }
        public IReadOnlyList<HeadLayout> Heads { get; }
        public Activation Activation { get; }
        public float Dropout { get; }
        public WeightInitialization Initialization { get; }

        /// <summary>This layout with head k's label scaling replaced by <paramref name="scalings"/>[k].</summary>
        public NetworkLayout WithScalings(IReadOnlyList<LabelScaling> scalings)
            => new NetworkLayout(InputSize, Trunk, Heads.Select((h, k) => h.WithScaling(scalings[k])).ToList(), Activation, Dropout, Initialization);

        /// <summary>Size of the shared representation z (the input size when the trunk is empty).</summary>
        public int RepresentationSize => Trunk.Count == 0 ? InputSize : Trunk[Trunk.Count - 1];

        /// <summary>(inputs, outputs) of every dense layer of the trunk.</summary>
        public IEnumerable<(int Inputs, int Outputs)> TrunkLayers() => Chain(InputSize, Trunk);

        /// <summary>(inputs, outputs) of every dense layer of head <paramref name="k"/>, its output layer last.</summary>
        public IEnumerable<(int Inputs, int Outputs)> HeadLayers(int k)
            => Chain(RepresentationSize, Heads[k].Hidden.Append(Heads[k].OutputSize).ToArray());

        private static IEnumerable<(int, int)> Chain(int input, IReadOnlyList<int> sizes)
        {
            int previous = input;
            foreach (int size in sizes)
            {
                yield return (previous, size);
                previous = size;
            }
        }
    }

    /// <summary>Hidden sizes and output size of one task head, and the label scaling its output undoes when scored.</summary>
    internal sealed class HeadLayout
    {
        public HeadLayout(IReadOnlyList<int> hidden, int outputSize, LabelScaling scaling = null)
        {
            if (outputSize <= 0)
                throw new ArgumentOutOfRangeException(nameof(outputSize));
            if (scaling != null && scaling.Mean.Length != outputSize)
                throw new ArgumentException($"The label scaling has {scaling.Mean.Length} slots for a head of {outputSize} outputs.", nameof(scaling));
            Hidden = hidden.ToArray();
            OutputSize = outputSize;
            Scaling = scaling;
        }

        public IReadOnlyList<int> Hidden { get; }
        public int OutputSize { get; }

        /// <summary>Regression heads trained on standardised labels: how to bring the output back to label units; else null.</summary>
        public LabelScaling Scaling { get; }

        /// <summary>This head with <paramref name="scaling"/>.</summary>
        public HeadLayout WithScaling(LabelScaling scaling) => new HeadLayout(Hidden, OutputSize, scaling);
    }
}
