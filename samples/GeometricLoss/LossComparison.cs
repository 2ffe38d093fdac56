using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet;

namespace GeometricLoss
{
    /// <summary>
    /// Seed 004's network, trained once with the plain (sum of MSE) loss and once with the geometric-mean loss on the
    /// same data: 10 dense layers of 100 (ReLU), one linear output per task, Adam with epsilon 1e-3, batches of 32,
    /// early stopping (patience 5, at most 200 epochs) on the loss being minimised.
    /// </summary>
    public sealed class LossComparison
    {
        private readonly MLContext ml;

        public LossComparison(MLContext ml) => this.ml = ml;

        public int MaxEpochs { get; init; } = 200;

        /// <summary>Per task, test MSE against the noiseless curve: (plain, geometric).</summary>
        public (double[] Plain, double[] Geometric) Run(List<SineRow> train, List<SineRow> stop, List<SineRow> test, int seed)
        {
            var trainView = ml.Data.LoadFromEnumerable(train);
            var stopView = ml.Data.LoadFromEnumerable(stop);
            return (TestMse(Train(trainView, stopView, geometric: false, seed), test),
                    TestMse(Train(trainView, stopView, geometric: true, seed), test));
        }

        public MultiTaskTransformer Train(IDataView train, IDataView stop, bool geometric, int seed)
        {
            var options = new MultiTaskTrainer.Options
            {
                HiddenLayers = Enumerable.Repeat(100, 10).ToArray(),
                MaxEpochs = MaxEpochs,
                BatchSize = 32,
                AdamEpsilon = 1e-3,
                Seed = seed,
                ValidationSet = stop,
                EarlyStoppingPatience = 5,
                LossWeighting = geometric ? new GeometricMeanWeighting() : null,
                EarlyStoppingCriterion = geometric ? EarlyStoppingCriterion.GeometricMeanLoss : EarlyStoppingCriterion.WeightedLoss,
            };
            foreach (var column in SineRow.TaskColumns)
                options.Tasks.Add(TaskSpec.Regression(column));
            return ml.MultiTask().Trainers.NeuralNetwork(options).Fit(train);
        }

        /// <summary>Each task's predictions on <paramref name="rows"/>, in task order.</summary>
        public float[][] Predict(MultiTaskTransformer model, IEnumerable<SineRow> rows)
        {
            var scored = model.Transform(ml.Data.LoadFromEnumerable(rows));
            return SineRow.TaskColumns.Select(c => scored.GetColumn<float>(c + ".Score").ToArray()).ToArray();
        }

        private double[] TestMse(MultiTaskTransformer model, List<SineRow> test)
        {
            var predictions = Predict(model, test);
            return Enumerable.Range(0, SineRow.Tasks)
                .Select(k => test.Select((r, i) => (double)(predictions[k][i] - r.Truth[k]) * (predictions[k][i] - r.Truth[k])).Average())
                .ToArray();
        }
    }
}
