using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Onnx;
using MultiTask.MLNet.Model.Ops;
using MultiTask.MLNet.Tasks;
using MultiTask.MLNet.Tasks.Kinds;

namespace MultiTask.MLNet.Export
{
    /// <summary>
    /// Writes a trained multi-task network, with each task's output post-processing, as an ONNX model.
    /// </summary>
    /// <remarks>
    /// Two forms: one row (input [d], what ML.NET's OnnxTransformer feeds row by row, giving scalar columns where a task
    /// has one value) and a batch (input [N, d], for standalone ONNX Runtime use). The network itself is written once, by
    /// the architecture and its blocks (<see cref="OnnxOps"/>), for a batch; the row form wraps it in a batch of one.
    /// </remarks>
    internal static class MultiTaskOnnxExporter
    {
        /// <summary>The ONNX model of a network, ending with its SHA-256 (see <see cref="ModelHash"/>).</summary>
        public static byte[] Export(NetworkLayout layout, StateDict weights, IReadOnlyList<BoundTask> tasks,
            string featureColumnName, bool batched)
        {
            weights.CheckMatches(layout.Parameters);
            var graph = Graph(layout, tasks, featureColumnName, batched, (g, x) => layout.Forward(new OnnxOps(g, weights), x));
            WriteMetadata(graph, layout, tasks, featureColumnName);
            return ModelHash.Append(graph.Build("MultiTaskNetwork", typeof(MultiTaskOnnxExporter).Assembly.GetName().Version?.ToString() ?? "0",
                $"Multi-task network with {tasks.Count} task(s): {string.Join(", ", tasks.Select(t => t.Name))}"));
        }

        /// <summary>
        /// The network alone, for a batch: input [N, d], outputs <see cref="HeadOutput"/>(k) = head k's output in label units
        /// [N, outputs]. The in-memory bulk scoring path runs it in ONNX Runtime and leaves the rest to the task rules.
        /// </summary>
        public static byte[] ExportHeads(NetworkLayout layout, StateDict weights, string featureColumnName)
        {
            weights.CheckMatches(layout.Parameters);
            var g = new OnnxGraphBuilder();
            g.Input(featureColumnName, OnnxElementType.Float, OnnxOutputs.Shape(true, layout.InputSize));
            var outputs = layout.Forward(new OnnxOps(g, weights), featureColumnName);
            for (int k = 0; k < outputs.Count; k++)
                g.Output(g.Node("Identity", new[] { Unscale(g, outputs[k], layout.Heads[k].Scaling, $"heads.{k}") }, HeadOutput(k)),
                    OnnxElementType.Float, OnnxOutputs.Shape(true, layout.Heads[k].OutputSize));
            return g.Build("MultiTaskHeads", typeof(MultiTaskOnnxExporter).Assembly.GetName().Version?.ToString() ?? "0", "The heads' outputs of a multi-task network.");
        }

        /// <summary>The name of head k's output in <see cref="ExportHeads"/>.</summary>
        public static string HeadOutput(int k) => $"heads.{k}.output";

        /// <summary>
        /// The inputs and outputs <see cref="Export"/> declares for a layout and tasks, so that a loader checks a graph
        /// against the description it carries with the very code that wrote it.
        /// </summary>
        /// <remarks>
        /// The network between input and outputs declares nothing, so it is left out (the outputs read the input directly):
        /// that costs no memory however large a damaged description says the network is.
        /// </remarks>
        public static GraphSignature Signature(NetworkLayout layout, IReadOnlyList<BoundTask> tasks, string featureColumnName, bool batched)
            => Graph(layout, tasks, featureColumnName, batched, (g, x) => Enumerable.Repeat(x, tasks.Count).ToArray()).Signature;

        // The feature input, the network (written for a batch: one row, what ML.NET's OnnxTransformer feeds, is a batch of
        // one), and per task k its label units and outputs.
        private static OnnxGraphBuilder Graph(NetworkLayout layout, IReadOnlyList<BoundTask> tasks, string featureColumnName, bool batched,
            Func<OnnxGraphBuilder, string, IReadOnlyList<string>> network)
        {
            var g = new OnnxGraphBuilder();
            g.Input(featureColumnName, OnnxElementType.Float, OnnxOutputs.Shape(batched, layout.InputSize));
            var outputs = network(g, batched ? featureColumnName : g.Unsqueeze(featureColumnName, 0));
            for (int k = 0; k < tasks.Count; k++)
            {
                string raw = batched ? outputs[k] : g.Squeeze(outputs[k], 0);
                tasks[k].Rules.WriteOnnxOutputs(g, tasks[k], Unscale(g, raw, layout.Heads[k].Scaling, $"heads.{k}"), batched);
            }
            return g;
        }

        private static void WriteMetadata(OnnxGraphBuilder g, NetworkLayout layout, IReadOnlyList<BoundTask> tasks, string featureColumnName)
        {
            var description = ModelDescription.Of(layout, tasks, featureColumnName);
            g.Metadata(ModelDescription.MetadataKey, description.ToJson());
            g.Metadata("multitask.version", description.PackageVersion ?? "");
            g.Metadata("multitask.feature_size", layout.InputSize.ToString());
            g.Metadata("multitask.tasks", string.Join(";", tasks.Select(t => $"{t.Name}:{t.Kind}")));
            foreach (var task in tasks.Where(t => t.Classes != null))
                g.Metadata($"multitask.classes.{task.Name}", string.Join("\n", task.Classes.Values.Cast<object>()));
        }

        // A head trained on standardised labels: back to the label's units, raw * scale + mean (broadcast over rows).
        private static string Unscale(OnnxGraphBuilder g, string raw, LabelScaling scaling, string prefix)
        {
            if (scaling == null)
                return raw;
            string scale = g.NamedFloatInitializer($"{prefix}.label_scale", scaling.Scale, scaling.Scale.Length);
            string mean = g.NamedFloatInitializer($"{prefix}.label_mean", scaling.Mean, scaling.Mean.Length);
            return g.Node("Add", new[] { g.Node("Mul", new[] { raw, scale }), mean });
        }
    }
}
