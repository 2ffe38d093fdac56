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
    /// <summary>Training and validation rows copied out of the IDataView once (the default): the fastest epochs.</summary>
    internal sealed class InMemoryInput : ITrainingInput
    {
        private readonly TrainingData train;
        private readonly TrainingData valid;
        private readonly Func<TrainingData, Random, BatchSampler> sampler;

        private InMemoryInput(TrainingData train, TrainingData valid, string trainingName, Func<TrainingData, Random, BatchSampler> sampler)
        {
            this.train = train;
            this.valid = valid;
            this.sampler = sampler;
            TrainingName = trainingName;
            TrainingCounts = LabelCounts.Of(train);
            ValidationCounts = valid == null ? null : LabelCounts.Of(valid);
        }

        public string TrainingName { get; }
        public long TrainingRows => train.RowCount;
        public LabelCounts TrainingCounts { get; }
        public long? ValidationRows => valid?.RowCount;
        public LabelCounts ValidationCounts { get; }

        /// <summary>Reads <paramref name="input"/> and the validation rows (the ValidationSet, a seeded hold-out, or none).</summary>
        public static InMemoryInput Read(MultiTaskTrainer.Options options, IDataView input, IReadOnlyList<BoundTask> tasks,
            Runtime.FitCancellation cancellation, int seed, Func<TrainingData, Random, BatchSampler> sampler)
        {
            TrainingData Read(IDataView data, string name)
                => TrainingDataReader.Read(data, options.FeatureColumnName, tasks, options.ExampleWeightColumnName, cancellation, name);
            var train = Read(input, "training data");
            if (options.ValidationSet != null)
                return new InMemoryInput(train, Read(options.ValidationSet, "validation set"), "training data", sampler);
            if (options.ValidationFraction == 0)
                return new InMemoryInput(train, null, "training data", sampler);
            var (rest, held) = HoldOut.Split(train, options.ValidationFraction, seed);
            return new InMemoryInput(rest, held, $"training data once ValidationFraction = {options.ValidationFraction} of its rows were held out", sampler);
        }

        public LabelScaling ScalingOf(int task) => LabelScaling.Of(train.Labels[task].Width, train.Labels[task].Values, train.RowWeights(task));

        public IRowSource Training(IReadOnlyList<LabelScaling> scalings) => new InMemoryRows(train.Standardized(scalings), sampler);

        public IRowSource Validation(IReadOnlyList<LabelScaling> scalings) => valid == null ? null : new InMemoryRows(valid.Standardized(scalings), sampler);
    }
}
