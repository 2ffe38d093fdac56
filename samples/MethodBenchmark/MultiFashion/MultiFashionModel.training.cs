using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using MultiTask.MLNet;

namespace MethodBenchmark.MultiFashion
{
    /// <summary>
    /// The network of the Multi-MNIST / Multi-Fashion papers (Sener and Koltun 2018; Lin et al. 2019): a LeNet trunk
    /// (5 x 5 convolutions of 10 and 20 filters without padding, each followed by ReLU and 2 x 2 max pooling, then dense 50)
    /// shared by a linear softmax head per task, through the ML.NET estimator; Adam (learning rate 1e-3), batches of 64 (the
    /// papers' 256 leave too few steps in the short runs here).
    /// </summary>
    public static partial class MultiFashionModel
    {
        public static readonly string[] Tasks = { nameof(MultiFashionRow.TopLeft), nameof(MultiFashionRow.BottomRight) };

        /// <summary>The LeNet trunk on the 1 x 28 x 28 image.</summary>
        public static MultiTaskArchitecture LeNet() => new ConvolutionalTrunk
        {
            Channels = 1,
            Height = MultiFashionRow.Side,
            Width = MultiFashionRow.Side,
            Convolutions = new[] { new ConvolutionLayer(10) { KernelSize = 5, Padding = 0 }, new ConvolutionLayer(20) { KernelSize = 5, Padding = 0 } },
            HiddenLayers = new[] { 50 },
        };

        /// <summary>
        /// Both tasks with <paramref name="method"/> (null: Sum), or only <paramref name="tasks"/> (a single-task network); the
        /// class names become keys first, as the trainer's multiclass tasks expect, and each predicted key becomes a class
        /// name again in <c>{task}Predicted</c>.
        /// </summary>
        public static IEstimator<ITransformer> BuildPipeline(MLContext ml, IReadOnlyList<string> tasks, Method method, int seed, int epochs, IProgress<EpochRecord> progress)
        {
            var options = new MultiTaskTrainer.Options
            {
                FeatureColumnName = nameof(MultiFashionRow.Pixels),
                Architecture = LeNet(),
                MaxEpochs = epochs,
                BatchSize = 64,
                Seed = seed,
                NumberOfThreads = 1,
                Progress = progress,
            };
            foreach (var task in tasks)
                options.Tasks.Add(TaskSpec.MulticlassClassification(task));
            method?.Apply(options);
            IEstimator<ITransformer> keys = ml.Transforms.Conversion.MapValueToKey(tasks[0]);
            foreach (var task in tasks.Skip(1))
                keys = keys.Append(ml.Transforms.Conversion.MapValueToKey(task));
            IEstimator<ITransformer> pipeline = keys.Append(ml.MultiTask().Trainers.NeuralNetwork(options));
            // The predicted keys back to class names, as the saved model's users want them.
            foreach (var task in tasks)
                pipeline = pipeline.Append(ml.Transforms.Conversion.MapKeyToValue($"{task}Predicted", $"{task}.PredictedLabel"));
            return pipeline;
        }

        /// <summary>Each task's test accuracy (ML.NET's multiclass evaluator, micro accuracy).</summary>
        public static IReadOnlyDictionary<string, double> Accuracies(MLContext ml, ITransformer model, IDataView test, IReadOnlyList<string> tasks)
        {
            var scored = model.Transform(test);
            return tasks.ToDictionary(t => t, t => ml.MulticlassClassification.Evaluate(scored, t, $"{t}.Score", $"{t}.PredictedLabel").MicroAccuracy);
        }
    }
}
