namespace MultiTask.MLNet
{
    /// <summary>Non-linearity applied after every hidden dense layer (trunk and heads).</summary>
    public enum Activation
    {
        /// <summary>max(x, 0).</summary>
        ReLU,

        /// <summary>Hyperbolic tangent.</summary>
        Tanh,

        /// <summary>Logistic sigmoid.</summary>
        Sigmoid,

        /// <summary>max(x, 0.01 x).</summary>
        LeakyReLU,
    }
}
