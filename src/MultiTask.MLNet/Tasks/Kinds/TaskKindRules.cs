using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet.Onnx;
using TorchSharp;

namespace MultiTask.MLNet.Tasks.Kinds
{
    /// <summary>
    /// Reads a row's label into <paramref name="target"/> (one value per label slot) and says whether the row has it;
    /// <paramref name="row"/> and <paramref name="dataName"/> only name the place in error messages.
    /// </summary>
    internal delegate bool LabelReader(Span<float> target, long row, string dataName);

    /// <summary>
    /// Everything that depends on a task's <see cref="TaskKind"/>, in one object per kind: which label types it takes,
    /// how it reads a label, its loss, the ONNX outputs it writes, the scoring-chain parts that turn them into ML.NET
    /// columns, and how ML.NET evaluates it. The rest of the package asks the task's rules instead of switching on
    /// its kind, so a new kind of task is a new subclass.
    /// </summary>
    internal abstract class TaskKindRules
    {
        private static readonly IReadOnlyDictionary<TaskKind, TaskKindRules> ByKind = new Dictionary<TaskKind, TaskKindRules>
        {
            [TaskKind.Regression] = new RegressionRules(),
            [TaskKind.BinaryClassification] = new BinaryClassificationRules(),
            [TaskKind.MulticlassClassification] = new MulticlassClassificationRules(),
        };

        /// <summary>The rules of <paramref name="kind"/>.</summary>
        public static TaskKindRules For(TaskKind kind)
            => ByKind.TryGetValue(kind, out var rules) ? rules : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown task kind.");

        /// <summary>What a label column of this kind must be, for error messages.</summary>
        public abstract string ExpectedLabel { get; }

        /// <summary>How a missing label is written in the label column ("NaN", "the missing key"); null when it cannot be.</summary>
        public virtual string MissingLabel => null;

        /// <summary>True when the labels of this kind are numbers the trainer may standardise.</summary>
        public virtual bool HasNumericLabels => false;

        /// <summary>The task bound to label column <paramref name="column"/>, or null when this kind cannot learn it.</summary>
        public abstract BoundTask Bind(TaskSpec spec, DataViewSchema.Column column);

        /// <summary>
        /// The same for a <see cref="SchemaShape"/> column, which knows item types but not vector sizes or key values:
        /// sizes become 1 and classes stand-ins of the right type, all schema propagation needs. Null when it cannot learn it.
        /// </summary>
        public abstract BoundTask BindShape(TaskSpec spec, SchemaShape.Column column);

        /// <summary>How many floats one row's label takes in the training tensors.</summary>
        public virtual int LabelWidth(BoundTask task) => 1;

        /// <summary>A reader of the task's label from <paramref name="cursor"/>.</summary>
        public abstract LabelReader CreateLabelReader(BoundTask task, DataViewRowCursor cursor, DataViewSchema.Column column);

        /// <summary>The loss of every row of a batch ([N]), from the head's raw output and the labels as read.</summary>
        public abstract torch.Tensor PerRowLoss(torch.Tensor output, torch.Tensor labels);

        /// <summary>The metric the training log and history report every epoch for tasks of the kind, in the label's units.</summary>
        public abstract string EpochMetricName { get; }

        /// <summary>
        /// That metric's per-row terms ([N]) for a batch: raw outputs against labels as trained. <paramref name="scale"/>
        /// ([width], or null) turns standardised regression values back into the label's units. The epoch's metric is
        /// <see cref="FinishEpochMetric"/> of the terms' weighted mean over the labelled rows.
        /// </summary>
        public abstract torch.Tensor EpochMetricTerms(torch.Tensor output, torch.Tensor labels, torch.Tensor scale);

        /// <summary>The epoch's metric from the weighted mean of its terms (the mean itself unless the kind says otherwise).</summary>
        public virtual double FinishEpochMetric(double meanTerm) => meanTerm;

        /// <summary>
        /// Whether the kind's per-row loss is the mean of <see cref="ElementwiseLoss"/> over the row's values, so that the
        /// losses of several tasks of the kind can be computed as one batched operation on their concatenated outputs.
        /// </summary>
        public virtual bool HasElementwiseLoss => false;

        /// <summary>The loss of every output value ([N, w]) where <see cref="HasElementwiseLoss"/>; <see cref="PerRowLoss"/> is its row mean.</summary>
        public virtual torch.Tensor ElementwiseLoss(torch.Tensor output, torch.Tensor labels)
            => throw new NotSupportedException($"{GetType().Name} has no elementwise loss.");

        /// <summary>The columns the task adds to the data, as the user sees them.</summary>
        public abstract IEnumerable<string> UserOutputs(BoundTask task);

        /// <summary>The outputs of the row-form ONNX graph for this task, in the order <see cref="WriteOnnxOutputs"/> writes them.</summary>
        public abstract IEnumerable<string> RowOnnxOutputs(BoundTask task);

        /// <summary>Columns the scoring chain creates for this task besides its ONNX outputs and drops again.</summary>
        public virtual IEnumerable<string> ScratchColumns(BoundTask task) => Array.Empty<string>();

        /// <summary>
        /// Writes the task's outputs from its head's output <paramref name="raw"/> ([N, outputs], in label units): for a
        /// batch, the user's columns; for one row, what <see cref="AddScoringParts"/> turns into them.
        /// </summary>
        public abstract void WriteOnnxOutputs(OnnxGraphBuilder g, BoundTask task, string raw, bool batched);

        /// <summary>Adds the ML.NET parts that turn the task's row-form ONNX outputs into its user columns.</summary>
        public abstract void AddScoringParts(BoundTask task, IScoringChainParts chain);

        /// <summary>
        /// Getters of the task's user columns (as <see cref="ValueGetter{TValue}"/> of the column's raw type) for one row,
        /// computed from <paramref name="output"/>, the head's output for the current row in label units: the managed
        /// scoring path, which gives the values the ONNX graph and the scoring chain give.
        /// </summary>
        public abstract IEnumerable<(string Column, Delegate Getter)> RowGetters(BoundTask task, Func<float[]> output);

        /// <summary>The task's metrics on <paramref name="scored"/> data (rows without a label already removed).</summary>
        public abstract TaskMetrics Evaluate(MLContext ml, IDataView scored, TaskSpec task);

        /// <summary>The metric that stands for the task's quality (higher is better), by ML.NET's property name, and its value.</summary>
        public abstract (string Metric, double Value) HeadlineMetric(TaskMetrics metrics);
    }
}
