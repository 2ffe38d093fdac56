using System;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Training.Sampling
{
    /// <summary>Where one Fit's training or validation rows come from: held in memory, or streamed from the IDataView.</summary>
    internal interface IRowSource
    {
        /// <summary>Makes the rows ready on <paramref name="device"/>; <paramref name="random"/> orders every epoch's batches.</summary>
        IOpenRows Open(Device device, Random random);
    }
}
