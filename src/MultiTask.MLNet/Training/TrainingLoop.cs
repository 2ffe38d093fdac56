using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Runtime;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Gradients;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Tasks;
using MultiTask.MLNet.Training.Sampling;
using MultiTask.MLNet.Training.Steps;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Training
{
    /// <summary>
    /// The epochs of one Fit: Adam over the sampler's mini-batches, each step's gradients from the configured
    /// <see cref="TrainingStep"/>, per-epoch validation, early stopping with the best weights kept, and the history.
    /// </summary>
    internal sealed class TrainingLoop
    {
        private readonly MultiTaskTrainer.Options options;
        private readonly IReadOnlyList<BoundTask> tasks;
        private readonly IChannel channel;
        private readonly Runtime.FitCancellation cancellation;
        private readonly Device device;
        private readonly int seed;
        private readonly int? primary;

        public TrainingLoop(MultiTaskTrainer.Options options, IReadOnlyList<BoundTask> tasks, int seed, Device device,
            IChannel channel, Runtime.FitCancellation cancellation)
        {
            this.options = options;
            this.tasks = tasks;
            this.seed = seed;
            this.device = device;
            this.channel = channel;
            this.cancellation = cancellation;
            int index = tasks.ToList().FindIndex(t => t.Spec.IsPrimary);
            primary = index < 0 ? null : index;
        }

        /// <summary>Trains a network of <paramref name="layout"/>, starting from <paramref name="initial"/> when given.</summary>
        public (StateDict Weights, TrainingHistory History) Run(NetworkLayout layout, IRowSource train, IRowSource validation,
            StateDict initial = null)
        {
            torch.random.manual_seed(seed);
            using var network = new MultiTaskNetwork(layout, RotatedSize(layout));
            if (initial != null)
                network.Load(initial);
            network.to(device);
            var optimizers = CreateOptimizers(network);
            using var trainRows = train.Open(device, new Random(seed));
            using var validRows = validation?.Open(device, new Random(seed));

            var names = tasks.Select(t => t.Name).ToList();
            var specWeights = tasks.Select(t => t.Spec.Weight).ToList();
            var context = new GradientCombinerContext(names, specWeights, primary, seed + 1);
            var combiner = options.GradientCombiner;
            combiner?.Reset(context);
            var weights = new StepWeights(options.LossWeighting, new LossWeightingContext(names, specWeights, seed + 2, options.LearningRate), context, SharedMeasure(network), network.SharedParameters().Cast<Tensor>().ToList());
            var step = CreateStep(network, combiner, weights);
            using var metrics = new TaskMetricMeter(tasks, layout, device);
            step.TrainingMetrics = options.ReportTrainingMetrics ? metrics : null;
            try
            {
                return Epochs(network, optimizers, step, trainRows, validRows, context, weights, metrics);
            }
            finally
            {
                (step as IDisposable)?.Dispose();
                (combiner as IDisposable)?.Dispose();
                (options.LossWeighting as IDisposable)?.Dispose();
                foreach (var optimizer in optimizers)
                    optimizer.Dispose();
            }
        }

        // GradNorm's measuring point at the parameter level: the last shared dense weight, else every shared parameter.
        private static IReadOnlyList<Tensor> SharedMeasure(MultiTaskNetwork network)
            => network.LastSharedWeight is { } last ? new Tensor[] { last } : network.SharedParameters().Cast<Tensor>().ToList();

        // One Adam over every parameter; under OptimizerPerTask one per task over the shared parameters and the task's own.
        private AdamOptimizer[] CreateOptimizers(MultiTaskNetwork network)
        {
            AdamOptimizer Adam(IEnumerable<TorchSharp.Modules.Parameter> parameters)
                => new AdamOptimizer(parameters, options.LearningRate, options.AdamBeta1, options.AdamBeta2, options.AdamEpsilon);
            return options.OptimizerPerTask
                ? Enumerable.Range(0, tasks.Count).Select(k => Adam(network.SharedParameters().Concat(network.TaskParameters(k)))).ToArray()
                : new[] { Adam(network.ModelParameters()) };
        }

        private int RotatedSize(NetworkLayout layout)
        {
            if (options.GradientCombiner is not RotateOnlyCombiner rotation)
                return 0;
            int available = layout.Graph.RepresentationSizes[0];
            int size = rotation.RotatedSize ?? available;
            if (size > available)
                throw new ArgumentOutOfRangeException(nameof(RotateOnlyCombiner.RotatedSize),
                    $"{rotation.GetType().Name}.RotatedSize is {size}, but the shared representation has only {available} values.");
            return size;
        }

        private (StateDict, TrainingHistory) Epochs(MultiTaskNetwork network, AdamOptimizer[] optimizers, TrainingStep step,
            IOpenRows train, IOpenRows valid, GradientCombinerContext context, StepWeights weights, TaskMetricMeter metrics)
        {
            var history = new TrainingHistory();
            var divergence = new DivergenceCheck(tasks, options);
            var stopping = new EarlyStopping(options.EarlyStoppingPatience);
            StateDict best = null;
            for (int epoch = 1; epoch <= options.MaxEpochs; epoch++)
            {
                weights.Epoch = epoch - 1;
                using var statistics = TrainEpoch(network, optimizers, step, train, weights);
                divergence.AfterTraining(epoch, statistics, network);
                var (validLoss, validMetrics) = valid == null ? (null, null) : Evaluate(network, valid, epoch, metrics);
                var record = Record(epoch, statistics, validLoss, context, CurrentWeights(weights), network.RotationDistances(),
                    metrics.Finish(statistics), validMetrics, metrics.Names);
                history.Add(record);
                Log(record);
                options.Progress?.Report(record);
                if (valid == null)
                    continue;
                if (stopping.Improved(StoppingLoss(record)))
                {
                    best = network.Snapshot();
                    history.BestEpoch = epoch;
                }
                if (stopping.ShouldStop)
                {
                    history.StoppedEarly = epoch < options.MaxEpochs;
                    channel.Info(MessageSensitivity.None, $"Early stopping after epoch {epoch}; keeping epoch {history.BestEpoch}.");
                    break;
                }
            }
            if (best == null)
            {
                best = network.Snapshot();
                history.BestEpoch = history.Epochs.Count;
            }
            return (best, history);
        }

        private TrainingStep CreateStep(MultiTaskNetwork network, IGradientCombiner combiner, StepWeights weights)
        {
            if (options.Schedule == TrainingSchedule.Alternate)
                return new AlternateStep(network, tasks, weights);
            if (combiner == null)
                return new JointStep(network, tasks, weights);
            if (combiner is RotateOnlyCombiner rotation)
                return new RotationStep(network, tasks, rotation, weights, rotation.RotationLearningRate ?? options.LearningRate);
            return options.GradientLevel == GradientLevel.Representation
                ? new RepresentationSurgeryStep(network, tasks, combiner, weights)
                : new ParameterSurgeryStep(network, tasks, combiner, options.GradientScope, weights);
        }

        private IReadOnlyList<float> CurrentWeights(StepWeights weights)
            => options.GradientCombiner is RotoGradNormCombiner rotoGradNorm ? rotoGradNorm.CurrentWeights : weights.Last;

        private EpochStatistics TrainEpoch(MultiTaskNetwork network, AdamOptimizer[] optimizers, TrainingStep step, IOpenRows rows, StepWeights weights)
        {
            network.train();
            var statistics = new EpochStatistics(tasks.Count);
            try
            {
                RunSteps(optimizers, step, rows, statistics, weights);
            }
            catch
            {
                statistics.Dispose();
                throw;
            }
            return statistics;
        }

        private void RunSteps(AdamOptimizer[] optimizers, TrainingStep step, IOpenRows rows, EpochStatistics statistics, StepWeights weights)
        {
            foreach (var (data, batch) in rows.Epoch())
            {
                cancellation.ThrowIfRequested();
                using var scope = torch.NewDisposeScope();
                var rowIndex = torch.tensor(batch.Rows, device: device);
                var optimizer = optimizers[optimizers.Length == 1 ? 0 : batch.Task.Value];
                optimizer.ZeroGrad();
                step.Run(data, batch, rowIndex, statistics);
                optimizer.Step();
                if (weights.NeedsLossesAfterStep)
                    weights.AfterStep(step.LossesAfterUpdate(data, batch, rowIndex));
            }
        }

        /// <summary>Per-task mean loss and metric of <paramref name="network"/> on <paramref name="rows"/>, in evaluation mode.</summary>
        private (double[] Losses, IReadOnlyDictionary<string, double> Metrics) Evaluate(MultiTaskNetwork network, IOpenRows rows, int epoch, TaskMetricMeter metrics)
        {
            network.eval();
            using var noGrad = torch.no_grad();
            using var statistics = new EpochStatistics(tasks.Count);
            foreach (var chunk in rows.Chunks(4096))
            {
                using var scope = torch.NewDisposeScope();
                var outputs = network.forward(chunk.Features);
                for (int k = 0; k < tasks.Count; k++)
                {
                    var (_, sum, count) = TaskLoss.Of(tasks[k].Rules, outputs[k], chunk.Labels[k], chunk.RowWeights[k]);
                    statistics.AddLoss(k, sum, count);
                    metrics.Add(k, outputs[k], chunk.Labels[k], chunk.RowWeights[k], statistics);
                }
            }
            DivergenceCheck.AfterValidation(epoch, statistics, tasks);
            return (statistics.MeanLosses(), metrics.Finish(statistics));
        }

        private double StoppingLoss(EpochRecord record) => options.EarlyStoppingCriterion switch
        {
            EarlyStoppingCriterion.PrimaryTaskLoss => record.ValidationLoss[tasks[primary.Value].Name],
            EarlyStoppingCriterion.GeometricMeanLoss => GeometricMeanWeighting.GeometricMean(record.ValidationLoss.Values.Where(double.IsFinite).ToList()),
            _ => record.WeightedValidationLoss.Value,
        };

        private EpochRecord Record(int epoch, EpochStatistics statistics, double[] valid, GradientCombinerContext context, IReadOnlyList<float> weights, double[] rotations,
            IReadOnlyDictionary<string, double> trainingMetrics, IReadOnlyDictionary<string, double> validationMetrics, IReadOnlyDictionary<string, string> metricNames)
        {
            var train = statistics.MeanLosses();
            IReadOnlyDictionary<string, double> ByName(double[] values)
                => values == null ? null : tasks.Select((t, k) => (t.Name, values[k])).ToDictionary(p => p.Name, p => p.Item2);
            double Weighted(double[] values)
                => tasks.Select((t, k) => double.IsNaN(values[k]) ? 0 : t.Spec.Weight * values[k]).Sum();
            return new EpochRecord(epoch, ByName(train), ByName(valid), Weighted(train), valid == null ? null : Weighted(valid),
                statistics.MeanCosine, options.GradientCombiner == null ? null : context.TakeConflicts(),
                ByName(weights.Select(w => (double)w).ToArray()), rotations.Length == 0 ? null : ByName(rotations),
                ByName(context.TakeWeights()), ByName(statistics.UpdateCosines), trainingMetrics, validationMetrics, metricNames);
        }

        private void Log(EpochRecord record)
        {
            static string Format(double value) => value.ToString("G5", CultureInfo.InvariantCulture);
            string Losses(IReadOnlyDictionary<string, double> losses, IReadOnlyDictionary<string, double> metrics)
                => string.Join(", ", losses.Select(p => $"{p.Key}={Format(p.Value)}" +
                    (metrics == null ? "" : $" ({record.MetricNames[p.Key]} {Format(metrics[p.Key])})")));
            string message = $"Epoch {record.Epoch}/{options.MaxEpochs}: train loss {Losses(record.TrainingLoss, record.TrainingMetrics)}";
            if (record.ValidationLoss != null)
                message += $"; validation loss {Losses(record.ValidationLoss, record.ValidationMetrics)} (weighted {Format(record.WeightedValidationLoss.Value)})";
            if (record.MeanGradientCosine.HasValue)
                message += $"; mean gradient cosine {Format(record.MeanGradientCosine.Value)}, {record.GradientConflicts} conflict(s) corrected";
            channel.Info(MessageSensitivity.None, message);
        }
    }
}
