using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using MultiTask.MLNet;

namespace GradientSurgery
{
    /// <summary>
    /// Seed 000's protocol for one configuration and initialisation: 4 shared dense layers of 100 (ReLU), two linear
    /// heads of 100, Adam with its defaults, batches of 100 drawn per task from its own rows, early stopping on the
    /// primary validation MSE (patience 10) with the best weights restored; returns the primary test MSE.
    /// </summary>
    public sealed class SurgeryExperiment
    {
        private readonly MLContext ml;
        private readonly IDataView validation;
        private readonly IDataView test;

        public SurgeryExperiment(MLContext ml, IReadOnlyList<SurgeryRow> validationRows, IReadOnlyList<SurgeryRow> testRows)
        {
            this.ml = ml;
            validation = ml.Data.LoadFromEnumerable(validationRows);
            test = ml.Data.LoadFromEnumerable(testRows);
        }

        public int MaxEpochs { get; init; } = 200;

        public double Run(IDataView train, SurgeryConfiguration configuration, int initialisation)
        {
            var options = new MultiTaskTrainer.Options
            {
                Tasks =
                {
                    TaskSpec.Regression(nameof(SurgeryRow.Primary)).AsPrimary(),
                    TaskSpec.Regression(nameof(SurgeryRow.Auxiliary), weight: configuration.Lambda),
                },
                HiddenLayers = new[] { 100, 100, 100, 100 },
                BatchSize = 100,
                MaxEpochs = MaxEpochs,
                Seed = initialisation,
                GradientCombiner = configuration.Combiner(),
                GradientScope = configuration.Scope,
                TaskSampling = TaskSampling.PerTask,
                ValidationSet = validation,
                EarlyStoppingPatience = 10,
                EarlyStoppingCriterion = EarlyStoppingCriterion.PrimaryTaskLoss,
            };
            var model = ml.MultiTask().Trainers.NeuralNetwork(options).Fit(train);
            var metrics = ml.MultiTask().Evaluate(model.Transform(test), new[] { options.Tasks[0] });
            return metrics[nameof(SurgeryRow.Primary)].Regression.MeanSquaredError;
        }
    }
}
