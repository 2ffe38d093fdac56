using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Model.Architectures;
using MultiTask.MLNet.Model.Blocks;
using MultiTask.MLNet.Model.Ops;

namespace MultiTask.MLNet.Model
{
    /// <summary>
    /// The shape of a multi-task network: input size, architecture (built into its <see cref="ArchitectureGraph"/>), and per
    /// task a head of dense layers on the task's representation. Lists every parameter the network trains.
    /// </summary>
    internal sealed class NetworkLayout
    {
        public NetworkLayout(int inputSize, MultiTaskArchitecture architecture, IReadOnlyList<HeadLayout> heads, Activation activation, float dropout,
            WeightInitialization initialization = WeightInitialization.Default)
        {
            InputSize = inputSize;
            Architecture = architecture;
            Heads = heads.ToArray();
            Activation = activation;
            Dropout = dropout;
            Initialization = initialization;
            Graph = architecture.Build(new ArchitectureInputs(inputSize, Heads.Count, activation, dropout));
            HeadStacks = Heads.Select((h, k) => BlockStack.Dense($"heads.{k}", k, Graph.RepresentationSizes[k], h.Hidden.Append(h.OutputSize).ToArray(),
                activation, dropout, activateLast: false)).ToArray();
            Parameters = Graph.Parameters.Concat(HeadStacks.SelectMany(h => h.Parameters)).ToArray();
        }

        /// <summary>A hard-sharing network with a dense trunk of <paramref name="trunk"/>.</summary>
        public NetworkLayout(int inputSize, IReadOnlyList<int> trunk, IReadOnlyList<HeadLayout> heads, Activation activation, float dropout,
            WeightInitialization initialization = WeightInitialization.Default)
            : this(inputSize, new HardParameterSharing { HiddenLayers = trunk.ToArray() }, heads, activation, dropout, initialization) { }

        public int InputSize { get; }
        public MultiTaskArchitecture Architecture { get; }
        public IReadOnlyList<HeadLayout> Heads { get; }
        public Activation Activation { get; }
        public float Dropout { get; }
        public WeightInitialization Initialization { get; }

        /// <summary>The built architecture.</summary>
        public ArchitectureGraph Graph { get; }

        /// <summary>Task k's head, parameters named <c>heads.k.layer{i}</c>, its output layer last.</summary>
        public IReadOnlyList<BlockStack> HeadStacks { get; }

        /// <summary>Every parameter: the architecture's, then each head's.</summary>
        public IReadOnlyList<ParameterSpec> Parameters { get; }

        /// <summary>The name of head k's first weight, which reads the task's representation.</summary>
        public static string HeadInputWeight(int k) => $"heads.{k}.layer0.weight";

        /// <summary>The name of head k's first bias.</summary>
        public static string HeadInputBias(int k) => $"heads.{k}.layer0.bias";

        /// <summary>This layout with head k's label scaling replaced by <paramref name="scalings"/>[k].</summary>
        public NetworkLayout WithScalings(IReadOnlyList<LabelScaling> scalings)
            => new NetworkLayout(InputSize, Architecture, Heads.Select((h, k) => h.WithScaling(scalings[k])).ToList(), Activation, Dropout, Initialization);

        /// <summary>Raw head outputs (regression values or logits) per task for the batch x, in either interpreter.</summary>
        public IReadOnlyList<T> Forward<T>(INetworkOps<T> ops, T x)
        {
            var representations = Graph.Forward(ops, x);
            return HeadStacks.Select((h, k) => h.Forward(ops, representations[k])).ToArray();
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
