using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Runtime;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Network;
using MultiTask.MLNet.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Training
{
    /// <summary>
    /// Joint training: Adam on the weighted sum of the task losses over shuffled mini-batches, with
    /// per-epoch validation, early stopping on the weighted validation loss, and the best weights kept.
    /// </summary>
    internal sealed class TrainingLoop
    {
        private readonly MultiTaskTrainer.Options options;
        private readonly IReadOnlyList<BoundTask> tasks;
        private readonly IChannel channel;
        private readonly Func<bool> isCancelled;
        private readonly Device device;
        private readonly int seed;

        public TrainingLoop(MultiTaskTrainer.Options options, IReadOnlyList<BoundTask> tasks, int seed, Device device,
            IChannel channel, Func<bool> isCancelled)
        {
            this.options = options;
            this.tasks = tasks;
            this.seed = seed;
            this.device = device;
            this.channel = channel;
            this.isCancelled = isCancelled;
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

            var history = new TrainingHistory();
            var shuffler = new Random(seed);
            var order = Enumerable.Range(0, train.RowCount).ToArray();
            var stopping = new EarlyStopping(options.EarlyStoppingPatience);
            NetworkWeights best = null;
            for (int epoch = 1; epoch <= options.MaxEpochs; epoch++)
            {
                Shuffle(order, shuffler);
                var trainLoss = TrainEpoch(network, optimizer, trainTensors, order);
                var validLoss = validTensors == null ? null : Evaluate(network, validTensors);
                var record = Record(epoch, trainLoss, validLoss);
                history.Add(record);
                Log(record);
                if (validTensors == null)
                    continue;
                if (stopping.Improved(record.WeightedValidationLoss.Value))
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

        private double[] TrainEpoch(MultiTaskNetwork network, optim.Optimizer optimizer, DataTensors data, int[] order)
        {
            network.train();
            var sums = new double[tasks.Count];
            var counts = new double[tasks.Count];
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                if (isCancelled())
                    throw new OperationCanceledException("Training was cancelled through MLContext.CancelExecution().");
                using var scope = torch.NewDisposeScope();
                int size = Math.Min(options.BatchSize, order.Length - start);
                var index = torch.tensor(order.AsSpan(start, size).ToArray().Select(i => (long)i).ToArray(), device: device);
                var outputs = network.forward(data.Features.index_select(0, index));
                Tensor objective = null;
                for (int k = 0; k < tasks.Count; k++)
                {
                    var perRow = TaskLoss.PerRow(tasks[k].Kind, outputs[k], data.Labels[k].index_select(0, index));
                    var (mean, sum, count) = TaskLoss.MaskedMean(perRow, data.RowWeights[k].index_select(0, index));
                    var weighted = mean * tasks[k].Spec.Weight;
                    objective = objective is null ? weighted : objective + weighted;
                    sums[k] += sum.item<float>();
                    counts[k] += count.item<float>();
                }
                optimizer.zero_grad();
                objective.backward();
                optimizer.step();
            }
            return Means(sums, counts);
        }

        /// <summary>Per-task mean loss of <paramref name="network"/> on <paramref name="data"/>, in evaluation mode.</summary>
        internal double[] Evaluate(MultiTaskNetwork network, DataTensors data)
        {
            network.eval();
            using var noGrad = torch.no_grad();
            var sums = new double[tasks.Count];
            var counts = new double[tasks.Count];
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
                    sums[k] += sum.item<float>();
                    counts[k] += count.item<float>();
                }
            }
            return Means(sums, counts);
        }

        private static double[] Means(double[] sums, double[] counts)
            => sums.Select((s, k) => counts[k] > 0 ? s / counts[k] : double.NaN).ToArray();

        private EpochRecord Record(int epoch, double[] train, double[] valid)
        {
            IReadOnlyDictionary<string, double> ByName(double[] values)
                => values == null ? null : tasks.Select((t, k) => (t.Name, values[k])).ToDictionary(p => p.Name, p => p.Item2);
            double Weighted(double[] values)
                => tasks.Select((t, k) => double.IsNaN(values[k]) ? 0 : t.Spec.Weight * values[k]).Sum();
            return new EpochRecord(epoch, ByName(train), ByName(valid), Weighted(train), valid == null ? null : Weighted(valid));
        }

        private void Log(EpochRecord record)
        {
            string Losses(IReadOnlyDictionary<string, double> losses)
                => string.Join(", ", losses.Select(p => $"{p.Key}={p.Value.ToString("G5", CultureInfo.InvariantCulture)}"));
            string message = $"Epoch {record.Epoch}/{options.MaxEpochs}: train loss {Losses(record.TrainingLoss)}";
            if (record.ValidationLoss != null)
                message += $"; validation loss {Losses(record.ValidationLoss)} (weighted {record.WeightedValidationLoss.Value.ToString("G5", CultureInfo.InvariantCulture)})";
            channel.Info(MessageSensitivity.None, message);
        }

        private static void Shuffle(int[] order, Random random)
        {
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }
    }
}
