namespace MultiTask.MLNet
{
    /// <summary>Which blocks of the trunk's gradient a combiner sees at a time (parameter level only).</summary>
    public enum GradientScope
    {
        /// <summary>Each parameter tensor (a layer's weight, its bias) is combined on its own.</summary>
        PerParameterTensor,

        /// <summary>All trunk parameters concatenated into one vector (the seed's <c>overall=True</c>).</summary>
        WholeVector,
    }
}
