namespace MultiTask.MLNet
{
    /// <summary>Where the network trains.</summary>
    public enum ComputeDevice
    {
        /// <summary>The CPU (default; bitwise reproducible for a fixed seed and thread count).</summary>
        Cpu,

        /// <summary>The first CUDA GPU; falls back to the CPU with a warning in MLContext.Log when none is usable
        /// (needs the package built with -p:TorchSharpBackend=cuda).</summary>
        Cuda,
    }
}
