using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet.Onnx;
using TorchSharp;

namespace MultiTask.MLNet.Tasks.Kinds
{
    /// <summary>
    /// Multiclass classification on a key-typed label (as MapValueToKey makes it): cross-entropy; the missing key marks
    /// a missing label; outputs <c>Score</c> (class probabilities) and <c>PredictedLabel</c>, a key with the label's
    /// KeyValues (the missing key for a row that cannot be scored).
    /// </summary>
    internal sealed class MulticlassClassificationRules : TaskKindRules
    {
        public override string ExpectedLabel => "a key type with at least 2 values; use MapValueToKey";

        public override string MissingLabel => "the missing key";

        public override BoundTask Bind(TaskSpec spec, DataViewSchema.Column column)
            => column.Type is KeyDataViewType key && key.Count >= 2 && key.Count <= int.MaxValue
                ? BoundTask.Create(spec, (int)key.Count, false, ClassValues.FromKeyColumn(column, (int)key.Count))
                : null;

        // A shape knows that a column is a key, not how many values it has: two stand-in classes.
        public override BoundTask BindShape(TaskSpec spec, SchemaShape.Column column)
            => column.Kind == SchemaShape.Column.VectorKind.Scalar && column.IsKey
                ? BoundTask.Create(spec, 2, false, ClassValues.Placeholder(KeyValuesItemType(column), 2))
                : null;

        private static DataViewType KeyValuesItemType(SchemaShape.Column column)
        {
            var annotation = column.Annotations?.FirstOrDefault(a => a.Name == "KeyValues");
            return annotation?.Name == null ? TextDataViewType.Instance : annotation.Value.ItemType;
        }

        // Keys are 1-based; 0 is ML.NET's missing value (placeholder class 0, not counted).
        public override LabelReader CreateLabelReader(BoundTask task, DataViewRowCursor cursor, DataViewSchema.Column column)
        {
            var get = KeyReader(cursor, column);
            return (target, row, dataName) =>
            {
                ulong key = get();
                target[0] = key == 0 ? 0 : key - 1;
                return key != 0;
            };
        }

        private static Func<ulong> KeyReader(DataViewRowCursor cursor, DataViewSchema.Column column)
        {
            var raw = column.Type.RawType;
            if (raw == typeof(uint)) { var g = cursor.GetGetter<uint>(column); uint v = 0; return () => { g(ref v); return v; }; }
            if (raw == typeof(ulong)) { var g = cursor.GetGetter<ulong>(column); ulong v = 0; return () => { g(ref v); return v; }; }
            if (raw == typeof(ushort)) { var g = cursor.GetGetter<ushort>(column); ushort v = 0; return () => { g(ref v); return v; }; }
            if (raw == typeof(byte)) { var g = cursor.GetGetter<byte>(column); byte v = 0; return () => { g(ref v); return v; }; }
            throw new ArgumentOutOfRangeException(nameof(column), $"Key column '{column.Name}' has unsupported raw type {raw}.");
        }

        public override torch.Tensor PerRowLoss(torch.Tensor output, torch.Tensor labels)
            => torch.nn.functional.cross_entropy(output, labels.squeeze(1).to_type(torch.ScalarType.Int64), reduction: torch.nn.Reduction.None);

        public override string EpochMetricName => "accuracy";

        /// <summary>1 where the class with the largest logit is the label, else 0.</summary>
        public override torch.Tensor EpochMetricTerms(torch.Tensor output, torch.Tensor labels, torch.Tensor scale)
            => output.argmax(1).eq(labels.squeeze(1).to_type(torch.ScalarType.Int64)).to_type(torch.ScalarType.Float32);

        public override IEnumerable<string> UserOutputs(BoundTask task)
            => new[] { OutputColumnNames.Score(task.Name), OutputColumnNames.PredictedLabel(task.Name) };

        public override IEnumerable<string> RowOnnxOutputs(BoundTask task)
            => new[] { OutputColumnNames.Score(task.Name), OutputColumnNames.OneSlot(OutputColumnNames.ClassIndex(task.Name)) };

        public override IEnumerable<string> ScratchColumns(BoundTask task) => new[] { OutputColumnNames.ClassValue(task.Name) };

        // The batch form gathers the class value itself; the row form gives the class index (NaN for a row that cannot
        // be scored), which the scoring chain maps to the label's key.
        public override void WriteOnnxOutputs(OnnxGraphBuilder g, BoundTask task, string raw, bool batched)
        {
            string probabilities = g.Node("Softmax", new[] { raw }, OutputColumnNames.Score(task.Name), OnnxAttribute.Int("axis", -1));
            g.Output(probabilities, OnnxElementType.Float, OnnxOutputs.Shape(batched, task.OutputSize));
            string index = g.Node("ArgMax", new[] { raw }, null, OnnxAttribute.Int("axis", -1), OnnxAttribute.Int("keepdims", 1));
            string unscorable = Unscorable(g, probabilities);
            if (batched)
            {
                string value = g.Node("Gather", new[] { g.ArrayInitializer("classes", task.Classes.Values), index }, null, OnnxAttribute.Int("axis", 0));
                string label = g.Node("Where", new[] { unscorable, g.ArrayInitializer("missing_class", task.Classes.MissingAsArray()), value });
                OnnxOutputs.OneValue(g, label, OutputColumnNames.PredictedLabel(task.Name), ElementType(task.Classes), batched);
                return;
            }
            string position = g.Node("Cast", new[] { index }, null, OnnxAttribute.Int("to", (long)OnnxElementType.Float));
            string indexOrNaN = g.Node("Where", new[] { unscorable, g.FloatInitializer("nan", new[] { float.NaN }), position });
            OnnxOutputs.OneValue(g, indexOrNaN, OutputColumnNames.ClassIndex(task.Name), OnnxElementType.Float, batched);
        }

        // True ([.., 1]) where a row's class probabilities are not numbers (a NaN or infinite feature, or an overflow):
        // ArgMax would still name a class for it, so its predicted label is made the missing value instead.
        private static string Unscorable(OnnxGraphBuilder g, string probabilities)
        {
            string total = g.Node("ReduceSum", new[] { probabilities, g.Int64Initializer("last_axis", new[] { -1L }, 1) }, null, OnnxAttribute.Int("keepdims", 1));
            return g.Node("IsNaN", new[] { total });
        }

        private static OnnxElementType ElementType(ClassValues classes) => classes.Values switch
        {
            string[] => OnnxElementType.String,
            float[] => OnnxElementType.Float,
            double[] => OnnxElementType.Double,
            int[] => OnnxElementType.Int32,
            long[] => OnnxElementType.Int64,
            _ => throw new ArgumentOutOfRangeException(nameof(classes)),
        };

        public override void AddScoringParts(BoundTask task, IScoringChainParts chain)
        {
            string index = OutputColumnNames.ClassIndex(task.Name);
            string value = OutputColumnNames.ClassValue(task.Name);
            chain.Scalar(index);
            chain.Scratch(index);
            chain.Fit(ClassValueMapping.Create(chain.Ml, value, index, task.Classes));
            chain.Scratch(value);
            chain.Fit(chain.Ml.Transforms.Conversion.MapValueToKey(OutputColumnNames.PredictedLabel(task.Name), value,
                keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence,
                keyData: task.Classes.ToDataView(chain.Ml)));
        }

        // Probabilities as ONNX's Softmax gives them; the key is the first most probable class + 1, or the missing key (0)
        // for a row whose probabilities are not numbers, as the scoring chain maps it.
        public override IEnumerable<(string Column, Delegate Getter)> RowGetters(BoundTask task, Func<float[]> output) => new[]
        {
            (OutputColumnNames.Score(task.Name), (Delegate)(ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
            {
                // Into the caller's buffer, as ML.NET's getters do: no array per read.
                var editor = VBufferEditor.Create(ref value, task.OutputSize);
                Runtime.StableSoftmax.Compute(output(), editor.Values);
                value = editor.Commit();
            })),
            (OutputColumnNames.PredictedLabel(task.Name), (ValueGetter<uint>)((ref uint value) => value = Key(output()))),
        };

        private static uint Key(float[] raw)
        {
            // The softmax is NaN exactly when a logit is NaN or the largest is infinite (Max returns NaN for a NaN).
            if (!float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Max(raw)))
                return 0;
            int best = 0;
            for (int i = 1; i < raw.Length; i++)
                if (raw[i] > raw[best])
                    best = i;
            return (uint)best + 1;
        }

        public override (string Metric, double Value) HeadlineMetric(TaskMetrics metrics) => ("MicroAccuracy", metrics.MulticlassClassification.MicroAccuracy);

        public override TaskMetrics Evaluate(MLContext ml, IDataView scored, TaskSpec task) => new TaskMetrics(task.Name, task.Kind)
        {
            MulticlassClassification = ml.MulticlassClassification.Evaluate(scored, task.LabelColumnName, OutputColumnNames.Score(task.Name),
                OutputColumnNames.PredictedLabel(task.Name)),
        };
    }
}
