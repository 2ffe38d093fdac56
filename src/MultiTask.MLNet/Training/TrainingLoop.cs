using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Runtime;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Gradients;
using MultiTask.MLNet.Network;
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
        private readonly Func<bool> isCancelled;
        private readonly Device device;
        private readonly int seed;
        private readonly int? primary;

        public TrainingLoop(MultiTaskTrainer.Options options, IReadOnlyList<BoundTask> tasks, int seed, Device device,
            IChannel channel, Func<bool> isCancelled)
        {
            this.options = options;
            this.tasks = tasks;
            this.seed = seed;
            this.device = device;
            this.channel = channel;
            this.isCancelled = isCancelled;
            int index = tasks.ToList().FindIndex(t => t.Spec.IsPrimary);
            primary = index < 0 ? null : index;
        }

        /// <summary>Trains a network of <paramref name="layout"/>, starting from <paramref name="initial"/> when given.</summary>
        public (NetworkWeights Weights, TrainingHistory History) Run(NetworkLayout layout, TrainingData train, TrainingData validation,
            NetworkWeights initial = null)
        {
            torch.random.manual_seed(seed);
            using var network = new MultiTaskNetwork(layout);
            if (initial != null)
                network.Load(initial);
            network.to(device);
            using var optimizer = torch.optim.Adam(network.parameters(), options.LearningRate,
                options.AdamBeta1, options.AdamBeta2, options.AdamEpsilon);
            using var trainTensors = new DataTensors(train, device);
            using var validTensors = validation == null ? null : new DataTensors(validation, device);

            var context = new GradientCombinerContext(tasks.Select(t => t.Name).ToList(), tasks.Select(t => t.Spec.Weight).ToList(), primary, seed + 1);
            var combiner = options.GradientCombiner;
            combiner?.Reset(context);
            try
            {
                var step = CreateStep(network, combiner);
                var sampler = BatchSampler.Create(options.TaskSampling, train, options.BatchSize, primary, tasks.Select(t => t.Name).ToList(), new Random(seed));
                return Epochs(network, optimizer, step, sampler, trainTensors, validTensors, context);
            }
            finally
            {
                (combiner as IDisposable)?.Dispose();
            }
        }

        private (NetworkWeights, TrainingHistory) Epochs(MultiTaskNetwork network, optim.Optimizer optimizer, TrainingStep step,
            BatchSampler sampler, DataTensors train, DataTensors valid, GradientCombinerContext context)
        {
            var history = new TrainingHistory();
            var stopping = new EarlyStopping(options.EarlyStoppingPatience);
            NetworkWeights best = null;
            for (int epoch = 1; epoch <= options.MaxEpochs; epoch++)
            {
                var statistics = TrainEpoch(network, optimizer, step, sampler, train);
                var validLoss = valid == null ? null : Evaluate(network, valid);
                var record = Record(epoch, statistics, validLoss, context.TakeConflicts());
                history.Add(record);
                Log(record);
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

        private TrainingStep CreateStep(MultiTaskNetwork network, IGradientCombiner combiner)
        {
            if (combiner == null)
                return new JointStep(network, tasks);
            return options.GradientLevel == GradientLevel.Representation
                ? new RepresentationSurgeryStep(network, tasks, combiner)
                : new ParameterSurgeryStep(network, tasks, combiner, options.GradientScope);
        }

        private EpochStatistics TrainEpoch(MultiTaskNetwork network, optim.Optimizer optimizer, TrainingStep step, BatchSampler sampler, DataTensors data)
        {
            network.train();
            var statistics = new EpochStatistics(tasks.Count);
            foreach (var batch in sampler.Epoch())
            {
                if (isCancelled())
                    throw new OperationCanceledException("Training was cancelled (MLContext cancellation or Options.CancellationToken).");
                using var scope = torch.NewDisposeScope();
                var rowIndex = torch.tensor(batch.Rows, device: device);
                optimizer.zero_grad();
                step.Run(data, batch, rowIndex, statistics);
                optimizer.step();
            }
            return statistics;
        }

        /// <summary>Per-task mean loss of <paramref name="network"/> on <paramref name="data"/>, in evaluation mode.</summary>
        internal double[] Evaluate(MultiTaskNetwork network, DataTensors data)
        {
            network.eval();
            using var noGrad = torch.no_grad();
            var statistics = new EpochStatistics(tasks.Count);
            const int chunk = 4096;
            for (int start = 0; start < data.RowCount; start += chunk)
            {
                using var scope = torch.NewDisposeScope();
                long length = Math.Min(chunk, data.RowCount - start);
                var outputs = network.forward(data.Features.narrow(0, start, length));
                for (int k = 0; k < tasks.Count; k++)
                {
                    var perRow = TaskLoss.PerRow(tasks[k].Kind, outputs[k], data.Labels[k].narrow(0, start, length));
                    var (_, sum, count) = TaskLoss.MaskedMean(perRow, data.RowWeights[k].narrow(0, start, length));
                    statistics.AddLoss(k, sum, count);
                }
            }
            return statistics.MeanLosses();
        }

        private double StoppingLoss(EpochRecord record)
            => options.EarlyStoppingCriterion == EarlyStoppingCriterion.PrimaryTaskLoss
                ? record.ValidationLoss[tasks[primary.Value].Name]
                : record.WeightedValidationLoss.Value;

        private EpochRecord Record(int epoch, EpochStatistics statistics, double[] valid, long conflicts)
        {
            var train = statistics.MeanLosses();
            IReadOnlyDictionary<string, double> ByName(double[] values)
                => values == null ? null : tasks.Select((t, k) => (t.Name, values[k])).ToDictionary(p => p.Name, p => p.Item2);
            double Weighted(double[] values)
                => tasks.Select((t, k) => double.IsNaN(values[k]) ? 0 : t.Spec.Weight * values[k]).Sum();
            return new EpochRecord(epoch, ByName(train), ByName(valid), Weighted(train), valid == null ? null : Weighted(valid),
                statistics.MeanCosine, options.GradientCombiner == null ? null : conflicts);
        }

        private void Log(EpochRecord record)
        {
            static string Format(double value) => value.ToString("G5", CultureInfo.InvariantCulture);
            string Losses(IReadOnlyDictionary<string, double> losses) => string.Join(", ", losses.Select(p => $"{p.Key}={Format(p.Value)}"));
            string message = $"Epoch {record.Epoch}/{options.MaxEpochs}: train loss {Losses(record.TrainingLoss)}";
            if (record.ValidationLoss != null)
                message += $"; validation loss {Losses(record.ValidationLoss)} (weighted {Format(record.WeightedValidationLoss.Value)})";
            if (record.MeanGradientCosine.HasValue)
                message += $"; mean gradient cosine {Format(record.MeanGradientCosine.Value)}, {record.GradientConflicts} conflict(s) corrected";
            channel.Info(MessageSensitivity.None, message);
        }
    }
}
