using System.Collections.Generic;

namespace MultiTask.MLNet.Model.Ops
{
    /// <summary>
    /// The operations a network is written in, once, for three interpreters: TorchSharp (<see cref="TorchOps"/>, values are
    /// tensors, for training), the ONNX writer (<see cref="OnnxOps"/>, values are graph value names, for scoring) and the
    /// single-prediction planner (<see cref="PlanBuilder"/>, values are buffers of a <see cref="ForwardPlan"/>). A block
    /// or an architecture writes its forward pass against this interface, so the trained network, the exported graph and
    /// the managed row mapper cannot drift apart. Every value has a leading batch axis (the planner's is one sample).
    /// </summary>
    /// <typeparam name="T">What a value is to the interpreter.</typeparam>
    internal interface INetworkOps<T>
    {
        /// <summary>The trained parameter of that name (see <see cref="ParameterSpec"/>).</summary>
        T Parameter(string name);

        /// <summary><c>x W^T + b</c> for x [N, in], W [out, in], b [out].</summary>
        T Linear(T x, string weight, string bias);

        /// <summary>The element-wise activation.</summary>
        T Activate(T x, Activation activation);

        /// <summary>Dropout with probability <paramref name="p"/> while training; the identity when scoring.</summary>
        T Dropout(T x, float p);

        /// <summary>2-D convolution of x [N, C, H, W] with W [F, C, k, k] and b [F].</summary>
        T Conv2d(T x, string weight, string bias, int stride, int padding);

        /// <summary>Max pooling with a square window of <paramref name="size"/> and the same stride.</summary>
        T MaxPool2d(T x, int size);

        /// <summary>x reshaped to [N, <paramref name="sampleShape"/>...] (the batch axis kept).</summary>
        T Reshape(T x, IReadOnlyList<long> sampleShape);

        /// <summary>Softmax over the last axis.</summary>
        T Softmax(T x);

        /// <summary><c>sum_e w[:, e] v_e</c>: a per-row mixture of the vectors v_e [N, d] with the weights w [N, E].</summary>
        T Mix(T weights, IReadOnlyList<T> values);

        /// <summary>
        /// Cross-stitch: <c>h'_k = sum_j U[k, j] h_j</c> for the K columns' values h_j (each [N, <paramref name="sampleShape"/>])
        /// and the parameter U [K, K].
        /// </summary>
        IReadOnlyList<T> Stitch(string unit, IReadOnlyList<T> columns, IReadOnlyList<long> sampleShape);
    }
}
