using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet;

namespace TaskRelatedness
{
    /// <summary>
    /// The architectures compared, sized as in the paper's synthetic experiment (Shared-Bottom and MMoE with about as many
    /// weights: 11,400 and 12,900 + 2,400 in the gates), PLE with the same experts (17,300 weights with its gates).
    /// </summary>
    public enum Design
    {
        /// <summary>Shared-Bottom: one shared dense layer of 113 units (the paper's size), read by every tower.</summary>
        HardSharing,

        /// <summary>MMoE: 8 shared experts of one dense layer of 16 units; one softmax gate per task.</summary>
        MixtureOfExperts,

        /// <summary>PLE: 2 levels of 2 shared experts and 2 experts per task, one dense layer of 16 units each, gates per task and shared.</summary>
        LayeredExtraction,
    }

    /// <summary>
    /// Three tasks (Y1 and Y2 regression, Above binary) on one of the <see cref="Design"/>s, each task's tower a dense layer of 8
    /// units (the paper's), Adam with the trainer's defaults, batches of 64; 10% of the training rows held out for early stopping.
    /// </summary>
    public static partial class TaskRelatednessModel
    {
        public static readonly string[] RegressionTasks = { nameof(ModelInput.Y1), nameof(ModelInput.Y2) };

        /// <summary>
        /// The trainer for <paramref name="design"/>; <paramref name="configure"/> may set a method on the options (the
        /// method benchmark does), and <paramref name="tasks"/> keeps only the named tasks (a single-task network).
        /// </summary>
        public static MultiTaskTrainer BuildPipeline(MLContext ml, Design design, int seed, int maxEpochs, int threads, IProgress<EpochRecord> progress = null,
            Action<MultiTaskTrainer.Options> configure = null, IReadOnlyCollection<string> tasks = null)
        {
            var options = new MultiTaskTrainer.Options
            {
                Tasks =
                {
                    TaskSpec.Regression(nameof(ModelInput.Y1)),
                    TaskSpec.Regression(nameof(ModelInput.Y2)),
                    TaskSpec.BinaryClassification(nameof(ModelInput.Above)),
                },
                Architecture = Architecture(design),
                HeadHiddenLayers = new[] { 8 },
                MaxEpochs = maxEpochs,
                BatchSize = 64,
                ValidationFraction = 0.1,
                EarlyStoppingPatience = 5,
                Seed = seed,
                NumberOfThreads = threads,
                Progress = progress,
            };
            if (tasks != null)
                options.Tasks.RemoveAll(t => !tasks.Contains(t.LabelColumnName));
            configure?.Invoke(options);
            return ml.MultiTask().Trainers.NeuralNetwork(options);
        }

        public static MultiTaskArchitecture Architecture(Design design) => design switch
        {
            Design.HardSharing => new HardParameterSharing { HiddenLayers = new[] { 113 } },
            Design.MixtureOfExperts => new MixtureOfExperts { Experts = 8, ExpertLayers = new[] { 16 } },
            Design.LayeredExtraction => new ProgressiveLayeredExtraction { Levels = 2, SharedExperts = 2, ExpertsPerTask = 2, ExpertLayers = new[] { 16 } },
            _ => throw new ArgumentOutOfRangeException(nameof(design)),
        };

        public static MultiTaskTransformer RetrainModel(MLContext ml, IDataView train, Design design, int seed, int maxEpochs, int threads, IProgress<EpochRecord> progress = null,
            Action<MultiTaskTrainer.Options> configure = null, IReadOnlyCollection<string> tasks = null)
            => BuildPipeline(ml, design, seed, maxEpochs, threads, progress, configure, tasks).Fit(train);

        /// <summary>On <paramref name="test"/>: the MSE of Y1 and Y2 (against the noisy labels, as the paper's loss), Above's accuracy and log-loss.</summary>
        public static TestScores Evaluate(MLContext ml, ITransformer model, IReadOnlyList<ModelInput> test)
        {
            var scored = model.Transform(ml.Data.LoadFromEnumerable(test));
            double Mse(string task, Func<ModelInput, float> label)
                => scored.GetColumn<float>(task + ".Score").Zip(test, (p, r) => (double)(p - label(r)) * (p - label(r))).Average();
            var probabilities = scored.GetColumn<float>("Above.Probability").ToList();
            var predicted = scored.GetColumn<bool>("Above.PredictedLabel").ToList();
            double accuracy = predicted.Zip(test, (p, r) => p == r.Above ? 1.0 : 0.0).Average();
            double logLoss = probabilities.Zip(test, (p, r) => -Math.Log(Math.Clamp(r.Above ? p : 1 - p, 1e-7, 1))).Average();
            return new TestScores(Mse(nameof(ModelInput.Y1), r => r.Y1), Mse(nameof(ModelInput.Y2), r => r.Y2), accuracy, logLoss);
        }
    }

    /// <summary>One run's test scores.</summary>
    public sealed record TestScores(double Y1Mse, double Y2Mse, double AboveAccuracy, double AboveLogLoss)
    {
        /// <summary>The mean of the two regression MSEs: what the kept model minimises.</summary>
        public double RegressionMse => (Y1Mse + Y2Mse) / 2;
    }
}
