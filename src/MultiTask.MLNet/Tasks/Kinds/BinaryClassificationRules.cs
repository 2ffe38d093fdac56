using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet.Onnx;
using MultiTask.MLNet.Runtime;
using TorchSharp;

namespace MultiTask.MLNet.Tasks.Kinds
{
    /// <summary>
    /// Binary classification on a Boolean label: binary cross-entropy on a logit; outputs <c>Score</c> (the logit),
    /// <c>Probability</c> and <c>PredictedLabel</c> (<c>Score &gt; 0</c>). A Boolean has no missing value: only a
    /// has-label column can say that a row lacks the label.
    /// </summary>
    internal sealed class BinaryClassificationRules : TaskKindRules
    {
        public override string ExpectedLabel => "Boolean";

        public override BoundTask Bind(TaskSpec spec, DataViewSchema.Column column)
            => column.Type == BooleanDataViewType.Instance ? BoundTask.Create(spec, 1, false, null) : null;

        public override BoundTask BindShape(TaskSpec spec, SchemaShape.Column column)
            => column.ItemType == BooleanDataViewType.Instance && column.Kind == SchemaShape.Column.VectorKind.Scalar
                ? BoundTask.Create(spec, 1, false, null)
                : null;

        public override LabelReader CreateLabelReader(BoundTask task, DataViewRowCursor cursor, DataViewSchema.Column column)
        {
            var get = cursor.GetGetter<bool>(column);
            bool value = false;
            return (target, row, dataName) =>
            {
                get(ref value);
                target[0] = value ? 1 : 0;
                return true;
            };
        }

        public override torch.Tensor PerRowLoss(torch.Tensor output, torch.Tensor labels)
            => torch.nn.functional.binary_cross_entropy_with_logits(output.squeeze(1), labels.squeeze(1), reduction: torch.nn.Reduction.None);

        public override string EpochMetricName => "accuracy";

        /// <summary>1 where the logit's sign (probability above 0.5) matches the label, else 0.</summary>
        public override torch.Tensor EpochMetricTerms(torch.Tensor output, torch.Tensor labels, torch.Tensor scale)
            => output.squeeze(1).IsAbove(0).eq(labels.squeeze(1).IsAbove(0.5)).to_type(torch.ScalarType.Float32);

        public override bool HasElementwiseLoss => true;

        public override torch.Tensor ElementwiseLoss(torch.Tensor output, torch.Tensor labels)
            => torch.nn.functional.binary_cross_entropy_with_logits(output, labels, reduction: torch.nn.Reduction.None);

        public override IEnumerable<string> UserOutputs(BoundTask task) => new[]
        {
            OutputColumnNames.Score(task.Name), OutputColumnNames.Probability(task.Name), OutputColumnNames.PredictedLabel(task.Name),
        };

        public override IEnumerable<string> RowOnnxOutputs(BoundTask task) => new[]
        {
            OutputColumnNames.OneSlot(OutputColumnNames.Score(task.Name)), OutputColumnNames.OneSlot(OutputColumnNames.Probability(task.Name)),
        };

        // The row form leaves PredictedLabel to the scoring chain (an Expression saves in a .zip; a Boolean ONNX output
        // would need a conversion ML.NET lacks).
        public override void WriteOnnxOutputs(OnnxGraphBuilder g, BoundTask task, string raw, bool batched)
        {
            OnnxOutputs.OneValue(g, raw, OutputColumnNames.Score(task.Name), OnnxElementType.Float, batched);
            OnnxOutputs.OneValue(g, g.Node("Sigmoid", new[] { raw }), OutputColumnNames.Probability(task.Name), OnnxElementType.Float, batched);
            if (batched)
                OnnxOutputs.OneValue(g, g.Node("Greater", new[] { raw, g.FloatInitializer("zero", new[] { 0f }) }),
                    OutputColumnNames.PredictedLabel(task.Name), OnnxElementType.Bool, batched);
        }

        public override void AddScoringParts(BoundTask task, IScoringChainParts chain)
        {
            string score = OutputColumnNames.Score(task.Name);
            chain.Scalar(score);
            chain.Scalar(OutputColumnNames.Probability(task.Name));
            chain.Fit(chain.Ml.Transforms.Expression(OutputColumnNames.PredictedLabel(task.Name), "x => x > 0", score));
        }

        public override IEnumerable<(string Column, Delegate Getter)> RowGetters(BoundTask task, Func<float[]> output) => new[]
        {
            (OutputColumnNames.Score(task.Name), (Delegate)(ValueGetter<float>)((ref float value) => value = output()[0])),
            (OutputColumnNames.Probability(task.Name), (ValueGetter<float>)((ref float value) => value = 1 / (1 + MathF.Exp(-output()[0])))),
            (OutputColumnNames.PredictedLabel(task.Name), (ValueGetter<bool>)((ref bool value) => value = output()[0] > 0)),
        };

        public override (string Metric, double Value) HeadlineMetric(TaskMetrics metrics) => ("AreaUnderRocCurve", metrics.BinaryClassification.AreaUnderRocCurve);

        public override TaskMetrics Evaluate(MLContext ml, IDataView scored, TaskSpec task) => new TaskMetrics(task.Name, task.Kind)
        {
            BinaryClassification = ml.BinaryClassification.Evaluate(scored, task.LabelColumnName, OutputColumnNames.Score(task.Name),
                OutputColumnNames.Probability(task.Name), OutputColumnNames.PredictedLabel(task.Name)),
        };
    }
}
