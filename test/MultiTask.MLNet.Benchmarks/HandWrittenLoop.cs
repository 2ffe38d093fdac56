using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Benchmarks
{
    /// <summary>The baselines' training epoch, written directly in TorchSharp as a user would.</summary>
    internal static class HandWrittenLoop
    {
        /// <summary>
        /// One pass over <paramref name="x"/> in shuffled mini-batches: the sum of the tasks' mean squared errors of
        /// <paramref name="predict"/> (one prediction per task) against <paramref name="y"/>, then one optimiser step.
        /// </summary>
        /// <returns>The last mini-batch's loss.</returns>
        public static float Epoch(Tensor x, Tensor[] y, int batchSize, Func<Tensor, Tensor[]> predict, optim.Optimizer optimizer)
        {
            int rows = (int)x.shape[0];
            var order = Enumerable.Range(0, rows).ToArray();
            new Random(1).Shuffle(order);
            float last = 0;
            for (int start = 0; start < rows; start += batchSize)
            {
                using var scope = torch.NewDisposeScope();
                var index = torch.tensor(order.Skip(start).Take(batchSize).Select(i => (long)i).ToArray());
                var predictions = predict(x.index_select(0, index));
                Tensor loss = null;
                for (int k = 0; k < predictions.Length; k++)
                {
                    var l = (predictions[k] - y[k].index_select(0, index)).square().mean();
                    loss = loss is null ? l : loss + l;
                }
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                last = loss.item<float>();
            }
            return last;
        }
    }
}
