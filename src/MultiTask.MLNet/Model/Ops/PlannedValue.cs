using System.Collections.Generic;
using System.Linq;

namespace MultiTask.MLNet.Model.Ops
{
    /// <summary>A value of a <see cref="ForwardPlan"/>: the workspace buffer that holds it and one sample's shape (no batch axis).</summary>
    internal sealed class PlannedValue
    {
        public PlannedValue(int slot, IReadOnlyList<int> sampleShape)
        {
            Slot = slot;
            SampleShape = sampleShape.ToArray();
            Size = SampleShape.Aggregate(1, (a, b) => a * b);
        }

        public int Slot { get; }
        public IReadOnlyList<int> SampleShape { get; }
        public int Size { get; }
    }
}
