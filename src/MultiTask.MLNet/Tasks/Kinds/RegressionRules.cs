using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet.Onnx;
using MultiTask.MLNet.Runtime;
using TorchSharp;

namespace MultiTask.MLNet.Tasks.Kinds
{
    /// <summary>
    /// Regression on a Single label or a known-size vector of Single: mean squared error over the slots; NaN marks a
    /// missing label; output <c>Score</c> (a vector for a vector label).
    /// </summary>
    internal sealed class RegressionRules : TaskKindRules
    {
        public override string ExpectedLabel => "Single (float) or a known-size vector of Single; use ConvertType for other numbers";

        public override string MissingLabel => "NaN";

        public override bool HasNumericLabels => true;

        public override BoundTask Bind(TaskSpec spec, DataViewSchema.Column column) => column.Type switch
        {
            var t when t == NumberDataViewType.Single => BoundTask.Create(spec, 1, false, null),
            VectorDataViewType v when v.ItemType == NumberDataViewType.Single && v.IsKnownSize => BoundTask.Create(spec, v.Size, true, null),
            _ => null,
        };

        public override BoundTask BindShape(TaskSpec spec, SchemaShape.Column column)
        {
            if (column.ItemType != NumberDataViewType.Single || column.IsKey || column.Kind == SchemaShape.Column.VectorKind.VariableVector)
                return null;
            return BoundTask.Create(spec, 1, column.Kind == SchemaShape.Column.VectorKind.Vector, null);
        }

        public override int LabelWidth(BoundTask task) => task.OutputSize;

        public override LabelReader CreateLabelReader(BoundTask task, DataViewRowCursor cursor, DataViewSchema.Column column)
        {
            if (task.VectorLabel)
            {
                var getVector = cursor.GetGetter<VBuffer<float>>(column);
                VBuffer<float> vector = default;
                return (target, row, dataName) =>
                {
                    getVector(ref vector);
                    vector.CopyTo(target);
                    return Check(task, target, row, dataName);
                };
            }
            var get = cursor.GetGetter<float>(column);
            float value = 0;
            return (target, row, dataName) =>
            {
                get(ref value);
                target[0] = value;
                return Check(task, target, row, dataName);
            };
        }

        // NaN is ML.NET's missing value: such a row does not count (placeholder 0). An infinity is not a missing value but
        // a broken one, and would poison the label statistics and the loss: refuse it.
        private static bool Check(BoundTask task, Span<float> label, long row, string dataName)
        {
            bool present = true;
            for (int j = 0; j < label.Length; j++)
            {
                if (float.IsInfinity(label[j]))
                    throw new InvalidOperationException(
                        $"Label column '{task.Spec.LabelColumnName}' of task '{task.Name}' has {label[j]} " +
                        $"{(task.VectorLabel ? $"at slot {j} of row {row}" : $"at row {row}")} of the {dataName}. " +
                        "Only NaN marks a missing label; replace or remove infinite values.");
                if (!float.IsNaN(label[j]))
                    continue;
                present = false;
                label[j] = 0;
            }
            return present;
        }

        public override torch.Tensor PerRowLoss(torch.Tensor output, torch.Tensor labels) => (output - labels).Squared().mean(new long[] { 1 });

        public override string EpochMetricName => "RMSE";

        /// <summary>Squared errors in the label's units, averaged over the row's slots; the epoch's RMSE is the root of their mean.</summary>
        public override torch.Tensor EpochMetricTerms(torch.Tensor output, torch.Tensor labels, torch.Tensor scale)
        {
            var error = output - labels;
            return (scale is null ? error : error.mul(scale)).Squared().mean(new long[] { 1 });
        }

        public override double FinishEpochMetric(double meanTerm) => Math.Sqrt(meanTerm);

        public override bool HasElementwiseLoss => true;

        public override torch.Tensor ElementwiseLoss(torch.Tensor output, torch.Tensor labels) => (output - labels).Squared();

        public override IEnumerable<string> UserOutputs(BoundTask task) => new[] { OutputColumnNames.Score(task.Name) };

        public override IEnumerable<string> RowOnnxOutputs(BoundTask task)
            => new[] { task.VectorLabel ? OutputColumnNames.Score(task.Name) : OutputColumnNames.OneSlot(OutputColumnNames.Score(task.Name)) };

        public override void WriteOnnxOutputs(OnnxGraphBuilder g, BoundTask task, string raw, bool batched)
        {
            string score = OutputColumnNames.Score(task.Name);
            if (task.VectorLabel)
                g.Output(g.Node("Identity", new[] { raw }, score), OnnxElementType.Float, OnnxOutputs.Shape(batched, task.OutputSize));
            else
                OnnxOutputs.OneValue(g, raw, score, OnnxElementType.Float, batched);
        }

        public override void AddScoringParts(BoundTask task, IScoringChainParts chain)
        {
            if (!task.VectorLabel)
                chain.Scalar(OutputColumnNames.Score(task.Name));
        }

        public override IEnumerable<(string Column, Delegate Getter)> RowGetters(BoundTask task, Func<float[]> output)
        {
            string score = OutputColumnNames.Score(task.Name);
            if (task.VectorLabel)
                return new[] { (score, (Delegate)(ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
                {
                    var editor = VBufferEditor.Create(ref value, task.OutputSize);
                    output().CopyTo(editor.Values);
                    value = editor.Commit();
                })) };
            return new[] { (score, (Delegate)(ValueGetter<float>)((ref float value) => value = output()[0])) };
        }

        public override (string Metric, double Value) HeadlineMetric(TaskMetrics metrics) => ("RSquared", metrics.Regression.RSquared);

        public override TaskMetrics Evaluate(MLContext ml, IDataView scored, TaskSpec task)
        {
            var metrics = new TaskMetrics(task.Name, task.Kind);
            string score = OutputColumnNames.Score(task.Name);
            if (scored.Schema.GetColumnOrNull(score)?.Type is VectorDataViewType)
            {
                (metrics.Regression, metrics.RegressionPerOutput) = EvaluateVector(ml, scored, task.LabelColumnName, score);
                return metrics;
            }
            metrics.Regression = ml.Regression.Evaluate(scored, task.LabelColumnName, score);
            metrics.RegressionPerOutput = new[] { metrics.Regression };
            return metrics;
        }

        // ML.NET's regression evaluator takes scalar columns: evaluate (label, score) pairs of all slots pooled, then per slot.
        private static (RegressionMetrics, IReadOnlyList<RegressionMetrics>) EvaluateVector(MLContext ml, IDataView scored, string label, string score)
        {
            var pairs = new List<SlotPair>();
            using (var cursor = scored.GetRowCursor(new[] { scored.Schema[label], scored.Schema[score] }))
            {
                var getLabel = cursor.GetGetter<VBuffer<float>>(scored.Schema[label]);
                var getScore = cursor.GetGetter<VBuffer<float>>(scored.Schema[score]);
                VBuffer<float> l = default, s = default;
                while (cursor.MoveNext())
                {
                    getLabel(ref l);
                    getScore(ref s);
                    var lv = l.DenseValues().ToArray();
                    var sv = s.DenseValues().ToArray();
                    if (lv.All(float.IsFinite))
                        pairs.AddRange(lv.Select((v, i) => new SlotPair { Slot = i, Label = v, Score = sv[i] }));
                }
            }
            RegressionMetrics Of(IEnumerable<SlotPair> subset)
                => ml.Regression.Evaluate(ml.Data.LoadFromEnumerable(subset), nameof(SlotPair.Label), nameof(SlotPair.Score));
            var perSlot = pairs.GroupBy(p => p.Slot).OrderBy(g => g.Key).Select(g => Of(g)).ToList();
            return (Of(pairs), perSlot);
        }

        private sealed class SlotPair
        {
            public int Slot { get; set; }
            public float Label { get; set; }
            public float Score { get; set; }
        }
    }
}
