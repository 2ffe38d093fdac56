using System;
using System.Collections.Generic;
using MultiTask.MLNet.Data;

namespace MultiTask.MLNet.Training.Sampling
{
    /// <summary>
    /// Rows made ready for one Fit. The tensors an enumeration yields belong to it: they stay valid until the next item
    /// is asked for, and the caller must not dispose them.
    /// </summary>
    internal interface IOpenRows : IDisposable
    {
        /// <summary>One epoch's training steps: the tensors to index and the rows of each step.</summary>
        IEnumerable<(DataTensors Data, BatchRows Batch)> Epoch();

        /// <summary>Every row once, in order, <paramref name="rows"/> at a time: for validation losses.</summary>
        IEnumerable<DataTensors> Chunks(int rows);
    }
}
