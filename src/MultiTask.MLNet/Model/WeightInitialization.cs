namespace MultiTask.MLNet
{
    /// <summary>How dense layers start.</summary>
    public enum WeightInitialization
    {
        /// <summary>TorchSharp's (PyTorch's) default: weights and biases uniform in +-1/sqrt(fan_in).</summary>
        Default,

        /// <summary>Glorot (Xavier) uniform weights, zero biases: the Keras default, for recipes written for Keras (seed 004).</summary>
        GlorotUniform,

        /// <summary>He (Kaiming) uniform weights for ReLU, zero biases: keeps the signal's scale through deep ReLU stacks.</summary>
        HeUniform,
    }
}
