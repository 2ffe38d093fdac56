using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MultiTask.MLNet.Export;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Onnx;
using MultiTask.MLNet.Runtime;
using MultiTask.MLNet.Scoring;
using MultiTask.MLNet.Tasks;
using MultiTask.MLNet.Training;
using MultiTask.MLNet.Training.Input;
using MultiTask.MLNet.Training.Sampling;
using TorchSharp;

namespace MultiTask.MLNet
{
    /// <summary>
    /// Trains one TorchSharp network on several tasks at once: a shared trunk of dense layers and one head per
    /// task. Create it with <c>mlContext.MultiTask().Trainers.NeuralNetwork(options)</c>.
    /// </summary>
    public sealed partial class MultiTaskTrainer : IEstimator<MultiTaskTransformer>
    {
        // TorchSharp's RNG and thread count are process-wide: one Fit at a time keeps seeded runs reproducible.
        private static readonly SemaphoreSlim FitGate = new SemaphoreSlim(1, 1);
        private readonly MLContext ml;
        private readonly IHost host;
        private readonly Options options;

        /// <remarks>The trainer keeps a copy of <paramref name="options"/>: changing them afterwards does not change this trainer.</remarks>
        internal MultiTaskTrainer(MLContext ml, Options options)
        {
            this.ml = ml ?? throw new ArgumentNullException(nameof(ml));
            this.options = (options ?? throw new ArgumentNullException(nameof(options))).Clone();
            this.options.Validate();
            host = ((IHostEnvironment)ml).Register(nameof(MultiTaskTrainer));
        }

        /// <summary>
        /// What ML.NET's tooling asks of a trainer: it wants normalised features (as every neural network does), gives
        /// probabilities without a separate calibrator, reads the data itself (no caching needed), accepts validation
        /// data (<see cref="Fit(IDataView, IDataView)"/>) and continues training from a model (warm start). (ML.NET keeps
        /// TrainerInfo's constructor internal; it is one of the members checked when <c>mlContext.MultiTask()</c> starts.)
        /// </summary>
        public TrainerInfo Info { get; } = (TrainerInfo)MlNetInternals.TrainerInfoConstructor.Invoke(new object[]
        {
            true,   // normalization
            false,  // calibration
            false,  // caching
            true,   // validation data
            true,   // incremental training
            false,  // test data
        });

        /// <summary>Trains on <paramref name="input"/> and returns the scoring transformer.</summary>
        public MultiTaskTransformer Fit(IDataView input) => Fit(input, initialModel: null);

        /// <summary>
        /// Trains on <paramref name="trainData"/> with <paramref name="validationData"/> as the validation set (early
        /// stopping, best epoch kept), as ML.NET's trainers with validation support take it; the same as setting
        /// <see cref="Options.ValidationSet"/>, which must then be unset, as must <see cref="Options.ValidationFraction"/>.
        /// </summary>
        public MultiTaskTransformer Fit(IDataView trainData, IDataView validationData)
        {
            if (validationData == null)
                throw new ArgumentNullException(nameof(validationData));
            if (options.ValidationSet != null || options.ValidationFraction > 0)
                throw new InvalidOperationException(
                    "Fit(trainData, validationData) was given validation data, but MultiTaskTrainer.Options already has " +
                    (options.ValidationSet != null ? "a ValidationSet" : $"ValidationFraction = {options.ValidationFraction}") + "; use one of them.");
            var withValidation = options.Clone();
            withValidation.ValidationSet = validationData;
            return new MultiTaskTrainer(ml, withValidation).Fit(trainData);
        }

        /// <summary>
        /// Continues training from <paramref name="initialModel"/>'s weights (warm start), for example to fine-tune on new
        /// data or add epochs. Its features, tasks and layers must match the options and the data. Adam's moments start
        /// afresh: the first steps may move the weights a little more than the last steps of the earlier training did.
        /// Regression heads keep the initial model's label standardisation, so its weights keep their meaning.
        /// </summary>
        public MultiTaskTransformer Fit(IDataView input, MultiTaskModelParameters initialModel)
        {
            if (input == null)
                throw new ArgumentNullException(nameof(input));
            var (featureSize, tasks) = Bind(input.Schema, "training data");
            var validation = options.ValidationSet;
            if (validation != null)
                CheckValidationSchema(validation.Schema, featureSize, tasks);

            TorchSharpRuntime.EnsureInitialized();
            using var channel = host.Start("Training");
            channel.Trace(MessageSensitivity.None, $"TorchSharp native library: {TorchSharpRuntime.LoadedFrom}.");
            if (TorchSharpRuntime.TakeWrittenCopyNotice() is string notice)
                channel.Info(MessageSensitivity.None, notice);
            var cancellation = Cancellation(channel);
            int seed = options.Seed ?? host.Rand.Next();
            var data = ReadData(input, featureSize, tasks, cancellation, seed, channel);
            var layout = Layout(featureSize, tasks);
            initialModel?.CheckCompatible(layout, tasks);
            layout = layout.WithScalings(LabelScalings(data, tasks, initialModel));
            var scalings = layout.Heads.Select(h => h.Scaling).ToList();
            channel.Info(MessageSensitivity.None,
                $"Training {tasks.Count} task(s) on {data.TrainingRows} rows x {featureSize} features; architecture {layout.Architecture}" +
                (data.ValidationRows == null ? "" : $"; validating on {data.ValidationRows} rows") +
                (options.StreamTrainingData ? "; streaming the rows on every epoch." : "."));

            StateDict weights;
            TrainingHistory history;
            cancellation.Enter(FitGate);
            try
            {
                int previousThreads = torch.get_num_threads();
                int? threads = Threads();
                if (threads.HasValue)
                    torch.set_num_threads(threads.Value);
                try
                {
                    var loop = new TrainingLoop(options, tasks, seed, ResolveDevice(channel), channel, cancellation);
                    (weights, history) = loop.Run(layout, data.Training(scalings), data.Validation(scalings), initialModel?.Weights);
                }
                finally
                {
                    // Only the streaming default is undone: NumberOfThreads stays set, as documented.
                    if (threads.HasValue && options.NumberOfThreads == null)
                        torch.set_num_threads(previousThreads);
                }
            }
            finally
            {
                FitGate.Release();
            }
            var onnx = MultiTaskOnnxExporter.Export(layout, weights, tasks, options.FeatureColumnName, batched: false);
            var scoring = ScoringChain.Build(ml, onnx, options.FeatureColumnName, featureSize, tasks, input.Schema);
            return new MultiTaskTransformer(scoring, new MultiTaskModelParameters(options.FeatureColumnName, layout, weights, tasks), history);
        }

        // TorchSharp's intra-op threads for this Fit: the option, else, when streaming, one core left to read the next
        // batches (on 2 cores, 2 training threads and the reader slowed an epoch by half; 1 and the reader matched
        // in-memory training: test/MultiTask.MLNet.Benchmarks -- --streaming-breakdown), else TorchSharp's own.
        private int? Threads() => options.NumberOfThreads
            ?? (options.StreamTrainingData && Environment.ProcessorCount > 1 ? Environment.ProcessorCount - 1 : null);

        private FitCancellation Cancellation(IChannel channel)
        {
            var contextCancelled = CancellationProbe.TryCreate(ml, host);
            if (contextCancelled == null)
                channel.Warning(MessageSensitivity.None, "This ML.NET version hides its cancellation flag; only Options.CancellationToken can stop this training.");
            return new FitCancellation(options.CancellationToken, contextCancelled);
        }

        // The training rows and the validation rows (the ValidationSet, a seeded hold-out, or none), in memory or streamed,
        // every task checked to have rows that count in its loss.
        private ITrainingInput ReadData(IDataView input, int featureSize, IReadOnlyList<BoundTask> tasks, FitCancellation cancellation, int seed, IChannel channel)
        {
            ITrainingInput data = options.StreamTrainingData
                ? StreamedInput.Scan(options, input, tasks, cancellation, seed, featureSize)
                : InMemoryInput.Read(options, input, tasks, cancellation, seed, BatchSampler.Factory(options, tasks));
            LabelCoverage.RequireEveryTask(data.TrainingCounts, tasks, options.ExampleWeightColumnName, data.TrainingName);
            if (data.ValidationCounts != null)
                CheckValidationCoverage(data.ValidationCounts, tasks, channel);
            return data;
        }

        // A task without validation rows has no validation loss: fine unless early stopping has nothing else to follow.
        private void CheckValidationCoverage(LabelCounts valid, IReadOnlyList<BoundTask> tasks, IChannel channel)
        {
            var missing = LabelCoverage.TasksWithoutRows(valid);
            if (missing.Count == 0)
                return;
            string names = string.Join(", ", missing.Select(k => $"'{tasks[k].Name}'"));
            bool primaryMissing = options.EarlyStoppingCriterion == EarlyStoppingCriterion.PrimaryTaskLoss && missing.Any(k => tasks[k].Spec.IsPrimary);
            if (missing.Count == tasks.Count || primaryMissing)
                throw new InvalidOperationException(
                    $"The validation rows have no label for task(s) {names}, so early stopping ({options.EarlyStoppingCriterion}) has no loss to follow. " +
                    "Give the validation set labelled rows, or train without one.");
            channel.Warning(MessageSensitivity.None, $"The validation rows have no label for task(s) {names}; early stopping follows the other tasks only.");
        }

        // Per regression head: the initial model's statistics on a warm start, the training labels' otherwise, or none.
        private IReadOnlyList<LabelScaling> LabelScalings(ITrainingInput data, IReadOnlyList<BoundTask> tasks, MultiTaskModelParameters initialModel)
        {
            if (initialModel != null)
            {
                var initial = initialModel.Layout.Heads.Select(h => h.Scaling).ToList();
                bool standardized = initial.Any(s => s != null);
                if (standardized != options.StandardizeRegressionLabels && tasks.Any(t => t.Rules.HasNumericLabels))
                    throw new InvalidOperationException(
                        $"The initial model was trained {(standardized ? "with" : "without")} standardised regression labels, but " +
                        $"MultiTaskTrainer.Options.StandardizeRegressionLabels is {options.StandardizeRegressionLabels}; set it to {standardized} to continue its training.");
                return initial;
            }
            return tasks.Select((t, k) => options.StandardizeRegressionLabels && t.Rules.HasNumericLabels ? data.ScalingOf(k) : null).ToList();
        }

        /// <summary>
        /// The schema <see cref="Fit(IDataView)"/> produces: the input columns plus each task's output columns. Built by the
        /// same ML.NET scoring chain that Transform uses (over an untrained graph of the right shape), so the two agree.
        /// </summary>
        public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        {
            if (inputSchema == null)
                throw new ArgumentNullException(nameof(inputSchema));
            var tasks = options.Tasks.Select(t => SchemaShapeBinding.Bind(t, inputSchema)).ToList();
            SchemaShapeBinding.CheckFeatures(inputSchema, options.FeatureColumnName);
            SchemaShapeBinding.CheckNoCollisions(inputSchema, tasks);
            if (options.ExampleWeightColumnName != null)
                SchemaShapeBinding.CheckExampleWeight(inputSchema, options.ExampleWeightColumnName);
            int featureSize = options.Architecture?.RequiredFeatureSize ?? 1;
            var layout = Layout(featureSize, tasks);
            var onnx = MultiTaskOnnxExporter.Export(layout, StateDict.Zeros(layout.Parameters), tasks, options.FeatureColumnName, batched: false);
            var standIn = SchemaShapeConversion.ToStandIn(inputSchema, options.FeatureColumnName, featureSize);
            var output = ScoringChain.Build(ml, onnx, options.FeatureColumnName, featureSize, tasks, standIn).GetOutputSchema(standIn);
            return SchemaShapeConversion.Append(inputSchema, output, tasks.SelectMany(TaskColumns.UserOutputs));
        }

        private (int FeatureSize, IReadOnlyList<BoundTask> Tasks) Bind(DataViewSchema schema, string dataName)
        {
            int featureSize = SchemaChecks.FeatureSize(schema, options.FeatureColumnName, dataName);
            var tasks = options.Tasks.Select(t => BoundTask.Bind(t, schema, dataName)).ToList();
            SchemaChecks.NoOutputCollisions(schema, tasks, dataName);
            if (options.ExampleWeightColumnName != null)
                SchemaChecks.ExampleWeight(schema, options.ExampleWeightColumnName, dataName);
            return (featureSize, tasks);
        }

        private void CheckValidationSchema(DataViewSchema schema, int featureSize, IReadOnlyList<BoundTask> tasks)
        {
            var (size, validTasks) = Bind(schema, "validation set");
            if (size != featureSize)
                throw new ArgumentOutOfRangeException(nameof(Options.ValidationSet),
                    $"Feature column '{options.FeatureColumnName}' has {size} values in the validation set and {featureSize} in the training data.");
            for (int k = 0; k < tasks.Count; k++)
                if (validTasks[k].OutputSize != tasks[k].OutputSize)
                    throw new ArgumentOutOfRangeException(nameof(Options.ValidationSet),
                        $"Label column '{tasks[k].Spec.LabelColumnName}' of task '{tasks[k].Name}' has {validTasks[k].OutputSize} values or classes " +
                        $"in the validation set and {tasks[k].OutputSize} in the training data.");
        }

        private NetworkLayout Layout(int featureSize, IReadOnlyList<BoundTask> tasks)
            => new NetworkLayout(featureSize, options.Architecture ?? new HardParameterSharing { HiddenLayers = options.HiddenLayers },
                tasks.Select(t => new HeadLayout(options.HeadLayersOf(t.Spec), t.OutputSize)).ToList(),
                options.Activation, options.Dropout, options.WeightInitialization);

        private torch.Device ResolveDevice(IChannel channel)
        {
            if (options.Device == ComputeDevice.Cpu)
                return torch.CPU;
            if (torch.cuda.is_available())
                return torch.CUDA;
            channel.Warning(MessageSensitivity.None, "Device = Cuda was asked for but no usable CUDA device was found; training on the CPU.");
            return torch.CPU;
        }
    }
}
