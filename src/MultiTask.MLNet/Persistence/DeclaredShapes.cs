using System;
using System.Collections.Generic;
using MultiTask.MLNet.Export;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Onnx;
using MultiTask.MLNet.Tasks;

namespace MultiTask.MLNet.Persistence
{
    /// <summary>
    /// Refuses a graph whose declared inputs and outputs are not the ones its description implies: the feature input's
    /// size, each task's outputs by name and element type, and each output's slots (classes of a multiclass task). A
    /// description edited with its hash recomputed, say with one more class or another feature size, would otherwise be
    /// loaded as a model it is not. The expectation comes from the exporter itself, so the check follows the writer.
    /// </summary>
    internal static class DeclaredShapes
    {
        public static void Check(OnnxModelReader onnx, NetworkLayout layout, IReadOnlyList<BoundTask> tasks, string featureColumn, string source)
        {
            var declared = onnx.Signature;
            var described = MultiTaskOnnxExporter.Signature(layout, tasks, featureColumn, declared.IsBatched);
            if (!declared.Matches(described))
                throw new InvalidOperationException($"{source} is damaged or was edited: its ONNX graph does not match its MultiTask.MLNet description. " +
                    $"The graph declares {declared}. The description ({NetworkSummary.Of(layout, tasks)}) says {described}.");
        }
    }
}
