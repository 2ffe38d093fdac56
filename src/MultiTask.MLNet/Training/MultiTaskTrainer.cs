using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Network;
using MultiTask.MLNet.Onnx;
using MultiTask.MLNet.Runtime;
using MultiTask.MLNet.Scoring;
using MultiTask.MLNet.Tasks;
using MultiTask.MLNet.Training;
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
        private static readonly object FitGate = new object();
        private readonly MLContext ml;
        private readonly IHost host;
        private readonly Options options;

        internal MultiTaskTrainer(MLContext ml, Options options)
        {
            this.ml = ml ?? throw new ArgumentNullException(nameof(ml));
            this.options = options ?? throw new ArgumentNullException(nameof(options));
            options.Validate();
            host = ((IHostEnvironment)ml).Register(nameof(MultiTaskTrainer));
        }

        /// <summary>Trains on <paramref name="input"/> and returns the scoring transformer.</summary>
        public MultiTaskTransformer Fit(IDataView input) => Fit(input, initialModel: null);

        /// <summary>
        /// Continues training from <paramref name="initialModel"/>'s weights (warm start), for example to fine-tune on new
        /// data or add epochs. Its features, tasks and layers must match the options and the data. Adam's moments start
        /// afresh: the first steps may move the weights a little more than the last steps of the earlier training did.
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
            var contextCancelled = CancellationProbe.TryCreate(ml, host);
            if (contextCancelled == null)
                channel.Warning(MessageSensitivity.None, "This ML.NET version hides its cancellation flag; only Options.CancellationToken can stop this training.");
            var token = options.CancellationToken;
            Func<bool> cancelled = () => token.IsCancellationRequested || (contextCancelled?.Invoke() ?? false);
            var train = TrainingDataReader.Read(input, options.FeatureColumnName, tasks, options.ExampleWeightColumnName, cancelled, "training data");
            var valid = validation == null ? null
                : TrainingDataReader.Read(validation, options.FeatureColumnName, tasks, options.ExampleWeightColumnName, cancelled, "validation set");
            var layout = Layout(featureSize, tasks);
            initialModel?.CheckCompatible(layout, tasks);
            channel.Info(MessageSensitivity.None,
                $"Training {tasks.Count} task(s) on {train.RowCount} rows x {featureSize} features; trunk [{string.Join(", ", layout.Trunk)}].");

            NetworkWeights weights;
            TrainingHistory history;
            lock (FitGate)
            {
                if (options.NumberOfThreads.HasValue)
                    torch.set_num_threads(options.NumberOfThreads.Value);
                var loop = new TrainingLoop(options, tasks, options.Seed ?? host.Rand.Next(), ResolveDevice(channel), channel, cancelled);
                (weights, history) = loop.Run(layout, train, valid, initialModel?.Weights);
            }
            var onnx = MultiTaskOnnxExporter.Export(layout, weights, tasks, options.FeatureColumnName, batched: false);
            var scoring = ScoringChain.Build(ml, onnx, options.FeatureColumnName, featureSize, tasks, input.Schema);
            return new MultiTaskTransformer(scoring, new MultiTaskModelParameters(options.FeatureColumnName, layout, weights, tasks), history);
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
            var layout = Layout(1, tasks);
            var onnx = MultiTaskOnnxExporter.Export(layout, NetworkWeights.Zeros(layout), tasks, options.FeatureColumnName, batched: false);
            var standIn = SchemaShapeConversion.ToStandIn(inputSchema);
            var output = ScoringChain.Build(ml, onnx, options.FeatureColumnName, 1, tasks, standIn).GetOutputSchema(standIn);
            return SchemaShapeConversion.Append(inputSchema, output, tasks.SelectMany(ScoringChain.UserOutputs));
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
            => new NetworkLayout(featureSize, options.HiddenLayers,
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
