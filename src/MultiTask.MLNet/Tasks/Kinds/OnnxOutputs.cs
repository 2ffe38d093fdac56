using System;
using System.Linq;
using MultiTask.MLNet.Onnx;

namespace MultiTask.MLNet.Tasks.Kinds
{
    /// <summary>How task outputs are declared in the two ONNX forms (a batch of rows, or one row for ML.NET).</summary>
    internal static class OnnxOutputs
    {
        /// <summary>A batched graph's values have a leading symbolic batch axis; a row graph's do not.</summary>
        public static long?[] Shape(bool batched, params long[] dims)
            => (batched ? new long?[] { null } : Array.Empty<long?>()).Concat(dims.Select(d => (long?)d)).ToArray();

        /// <summary>
        /// A per-row single value: [N] in batch form; in row form a one-slot vector named "column#slot", since
        /// ML.NET's OnnxTransformer cannot read scalar outputs (the scoring chain turns it into a scalar).
        /// </summary>
        public static void OneValue(OnnxGraphBuilder g, string lastAxisOfOne, string column, OnnxElementType type, bool batched)
        {
            if (batched)
            {
                g.Node("Squeeze", new[] { lastAxisOfOne, g.Int64Initializer("last_axis", new[] { -1L }, 1) }, column);
                g.Output(column, type, new long?[] { null });
            }
            else
            {
                string slot = OutputColumnNames.OneSlot(column);
                g.Node("Identity", new[] { lastAxisOfOne }, slot);
                g.Output(slot, type, 1);
            }
        }
    }
}
