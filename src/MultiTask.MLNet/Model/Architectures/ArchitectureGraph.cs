using System.Collections.Generic;
using MultiTask.MLNet.Model.Ops;

namespace MultiTask.MLNet.Model.Architectures
{
    /// <summary>What every architecture is built from: the feature size, the number of tasks, and the hidden layers' settings.</summary>
    internal sealed record ArchitectureInputs(int FeatureSize, int TaskCount, Activation Activation, float Dropout);

    /// <summary>
    /// A built architecture: the part of the network between the features and the task heads. It declares its parameters
    /// (shared, or owned by one task), and maps a batch to one representation per task, once for training and for ONNX.
    /// </summary>
    internal abstract class ArchitectureGraph
    {
        /// <summary>Every parameter, in a fixed order (the order in which a seed draws them).</summary>
        public abstract IReadOnlyList<ParameterSpec> Parameters { get; }

        /// <summary>The size of task k's representation, the input of its head.</summary>
        public abstract IReadOnlyList<int> RepresentationSizes { get; }

        /// <summary>The weight where GradNorm measures each task's gradient norm: the last shared dense layer's, or null.</summary>
        public virtual string LastSharedWeight => null;

        /// <summary>One representation [N, size_k] per task for the batch x [N, features].</summary>
        public abstract IReadOnlyList<T> Forward<T>(INetworkOps<T> ops, T x);
    }
}
