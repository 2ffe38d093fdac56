using System.Collections.Generic;

namespace MultiTask.MLNet
{
    /// <summary>Per-epoch losses of one Fit, and which epoch's weights the model kept.</summary>
    public sealed class TrainingHistory
    {
        private readonly List<EpochRecord> epochs = new List<EpochRecord>();

        /// <summary>One record per completed epoch, in order.</summary>
        public IReadOnlyList<EpochRecord> Epochs => epochs;

        /// <summary>The epoch whose weights the model holds: the best validation epoch, or the last epoch without a validation set.</summary>
        public int BestEpoch { get; internal set; }

        /// <summary>True when early stopping ended training before MaxEpochs.</summary>
        public bool StoppedEarly { get; internal set; }

        internal void Add(EpochRecord record) => epochs.Add(record);
    }
}
