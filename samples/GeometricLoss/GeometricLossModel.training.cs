using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet;

namespace GeometricLoss
{
    /// <summary>
    /// Seed 004's network: 10 dense layers of 100 (ReLU, Glorot-uniform weights as in Keras), one linear output per task,
    /// Adam with epsilon 1e-3, batches of 32, early stopping (patience 5, at most 200 epochs) on the loss being minimised: the sum of MSEs (plain) or their
    /// geometric mean.
    /// </summary>
    public static partial class GeometricLossModel
    {
        public static MultiTaskTrainer BuildPipeline(MLContext ml, bool geometric, int seed, IDataView stop, int maxEpochs, IProgress<EpochRecord> progress = null)
        {
            var options = new MultiTaskTrainer.Options
            {
                HiddenLayers = Enumerable.Repeat(100, 10).ToArray(),
                // Keras' default (the seed's): TorchSharp's smaller default lets the signal fade through 10 ReLU layers.
                WeightInitialization = WeightInitialization.GlorotUniform,
                // The experiment compares losses on the tasks' raw scales: standardising every task would already even
                // them out, which is what the geometric mean is for (measured: every ratio then near 1).
                StandardizeRegressionLabels = false,
                MaxEpochs = maxEpochs,
                BatchSize = 32,
                AdamEpsilon = 1e-3,
                Seed = seed,
                ValidationSet = stop,
                EarlyStoppingPatience = 5,
                LossWeighting = geometric ? new GeometricMeanWeighting() : null,
                EarlyStoppingCriterion = geometric ? EarlyStoppingCriterion.GeometricMeanLoss : EarlyStoppingCriterion.WeightedLoss,
                Progress = progress,
            };
            foreach (var column in ModelInput.TaskColumns)
                options.Tasks.Add(TaskSpec.Regression(column));
            return ml.MultiTask().Trainers.NeuralNetwork(options);
        }

        public static MultiTaskTransformer RetrainModel(MLContext ml, IDataView train, IDataView stop, bool geometric, int seed, int maxEpochs, IProgress<EpochRecord> progress = null)
            => BuildPipeline(ml, geometric, seed, stop, maxEpochs, progress).Fit(train);

        /// <summary>Each task's predictions on <paramref name="rows"/>, in task order.</summary>
        public static float[][] PredictAll(MLContext ml, ITransformer model, IEnumerable<ModelInput> rows)
        {
            var scored = model.Transform(ml.Data.LoadFromEnumerable(rows));
            return ModelInput.TaskColumns.Select(c => scored.GetColumn<float>(c + ".Score").ToArray()).ToArray();
        }

        /// <summary>Per task, the test MSE against the noiseless curve.</summary>
        public static double[] TestMse(MLContext ml, ITransformer model, IReadOnlyList<ModelInput> test)
        {
            var predictions = PredictAll(ml, model, test);
            return Enumerable.Range(0, ModelInput.Tasks)
                .Select(k => test.Select((r, i) => (double)(predictions[k][i] - r.Truth[k]) * (predictions[k][i] - r.Truth[k])).Average())
                .ToArray();
        }
    }
}
