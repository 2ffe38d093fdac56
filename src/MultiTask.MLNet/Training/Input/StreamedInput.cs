using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Tasks;
using MultiTask.MLNet.Training.Sampling;

namespace MultiTask.MLNet.Training.Input
{
    /// <summary>
    /// Training and validation rows left in the IDataView and read on every pass (<see cref="MultiTaskTrainer.Options.StreamTrainingData"/>):
    /// one scan per data set checks every value and gathers counts and label statistics before training starts.
    /// </summary>
    internal sealed class StreamedInput : ITrainingInput
    {
        private readonly MultiTaskTrainer.Options options;
        private readonly RowStream train;
        private readonly RowStream valid;
        private readonly LabelMoments[] moments;

        private StreamedInput(MultiTaskTrainer.Options options, RowStream train, RowStream valid, IReadOnlyList<BoundTask> tasks)
        {
            this.options = options;
            this.train = train;
            this.valid = valid;
            TrainingName = train.DataName;
            (TrainingRows, TrainingCounts, moments) = train.Scan(tasks.Select(t => t.Rules.HasNumericLabels).ToArray());
            if (valid != null)
                (ValidationRows, ValidationCounts, _) = valid.Scan(new bool[tasks.Count]);
        }

        public string TrainingName { get; }
        public long TrainingRows { get; }
        public LabelCounts TrainingCounts { get; }
        public long? ValidationRows { get; }
        public LabelCounts ValidationCounts { get; }

        /// <summary>Scans <paramref name="input"/> and the validation rows (the ValidationSet, a seeded per-row hold-out, or none).</summary>
        public static StreamedInput Scan(MultiTaskTrainer.Options options, IDataView input, IReadOnlyList<BoundTask> tasks,
            Runtime.FitCancellation cancellation, int seed, int featureSize)
        {
            if ((long)options.ShuffleBufferSize * featureSize > Array.MaxLength)
                throw new ArgumentOutOfRangeException(nameof(MultiTaskTrainer.Options.ShuffleBufferSize),
                    $"MultiTaskTrainer.Options.ShuffleBufferSize = {options.ShuffleBufferSize} rows of {featureSize} features is more than one buffer can hold; " +
                    $"use at most {Array.MaxLength / featureSize} rows.");
            RowStream Stream(IDataView data, string name, Func<long, bool> keep = null)
                => new RowStream(data, options.FeatureColumnName, tasks, options.ExampleWeightColumnName, cancellation, name, keep);
            double fraction = options.ValidationFraction;
            var result = options.ValidationSet != null
                ? new StreamedInput(options, Stream(input, "training data"), Stream(options.ValidationSet, "validation set"), tasks)
                : fraction == 0
                    ? new StreamedInput(options, Stream(input, "training data"), null, tasks)
                    : new StreamedInput(options,
                        Stream(input, $"training data once ValidationFraction = {fraction} of its rows were held out", p => !HoldOut.IsHeldOut(p, fraction, seed)),
                        Stream(input, "held-out rows", p => HoldOut.IsHeldOut(p, fraction, seed)), tasks);
            result.RequireRows(fraction);
            return result;
        }

        public LabelScaling ScalingOf(int task)
            => moments[task] is { TotalWeight: > 0 } m ? LabelScaling.FromMoments(m.Mean, m.Variance) : null;

        public IRowSource Training(IReadOnlyList<LabelScaling> scalings)
            => new StreamedRows(train, scalings, options.BatchSize, options.ShuffleBufferSize);

        public IRowSource Validation(IReadOnlyList<LabelScaling> scalings)
            => valid == null ? null : new StreamedRows(valid, scalings, options.BatchSize, options.ShuffleBufferSize);

        private void RequireRows(double fraction)
        {
            if (fraction > 0 && (TrainingRows == 0 || ValidationRows == 0))
                throw new InvalidOperationException(
                    $"MultiTaskTrainer.Options.ValidationFraction = {fraction} of {TrainingRows + ValidationRows} training rows held out {ValidationRows} row(s); " +
                    "both the hold-out and the rest need at least one row. Use more data, another fraction, or a ValidationSet.");
            if (TrainingRows == 0)
                throw new InvalidOperationException($"The {train.DataName} has no rows.");
            if (ValidationRows == 0)
                throw new InvalidOperationException($"The {valid.DataName} has no rows.");
        }
    }
}
