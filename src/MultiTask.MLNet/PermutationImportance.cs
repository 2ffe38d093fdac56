using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MultiTask.MLNet.Evaluation;

namespace MultiTask.MLNet
{
    /// <summary>
    /// Permutation feature importance for every task at once (Breiman 2001, as ML.NET's PFI computes it for one
    /// predictor): each feature slot's values are shuffled across the rows, the data is scored again, and each task's
    /// headline metric is compared with the unshuffled score.
    /// </summary>
    internal static class PermutationImportance
    {
        public static IReadOnlyDictionary<string, TaskFeatureImportance> Run(MLContext ml, MultiTaskTransformer model, IDataView data, int permutationCount, int? seed)
        {
            if (permutationCount < 1)
                throw new ArgumentOutOfRangeException(nameof(permutationCount), permutationCount, "Permutation feature importance needs at least one permutation.");
            var column = data.Schema.GetColumnOrNull(model.FeatureColumnName)
                ?? throw new ArgumentOutOfRangeException(nameof(data),
                    $"The data has no feature column '{model.FeatureColumnName}': pass the rows the trainer reads (after the featurizing steps of the pipeline), with the label columns.");
            var rows = ml.Data.Cache(data);
            var features = rows.GetColumn<float[]>(column).ToArray();
            if (features.Length == 0)
                throw new ArgumentOutOfRangeException(nameof(data), "The data has no rows to permute.");
            var tasks = model.Tasks;
            var baseline = Headlines(ml, model, rows, tasks);
            var random = new Random(seed ?? ((IHostEnvironment)ml).Register(nameof(PermutationImportance)).Rand.Next());
            var changes = tasks.Select(_ => Enumerable.Range(0, model.FeatureSize).Select(_ => new List<double>()).ToArray()).ToArray();
            for (int slot = 0; slot < model.FeatureSize; slot++)
                for (int p = 0; p < permutationCount; p++)
                {
                    var shuffled = features.Select(f => f[slot]).ToArray();
                    random.Shuffle(shuffled);
                    var permuted = Headlines(ml, model, new SlotPermutedView(rows, column.Index, slot, shuffled), tasks);
                    for (int t = 0; t < tasks.Count; t++)
                        changes[t][slot].Add(permuted[t].Value - baseline[t].Value);
                }
            var names = SlotNames(column, model.FeatureSize);
            return tasks.Select((task, t) => new TaskFeatureImportance(task.Name, baseline[t].Metric, baseline[t].Value,
                    changes[t].Select((c, slot) =>
                    {
                        var (mean, sd) = Spread.Of(c);
                        return new FeatureImportance(slot, names?[slot], mean, sd);
                    }).ToList()))
                .ToDictionary(r => r.TaskName);
        }

        private static (string Metric, double Value)[] Headlines(MLContext ml, MultiTaskTransformer model, IDataView data, IReadOnlyList<TaskSpec> tasks)
        {
            var metrics = MultiTaskEvaluator.Evaluate(ml, model.Transform(data), tasks);
            return tasks.Select(t => t.Rules.HeadlineMetric(metrics[t.Name])).ToArray();
        }

        private static string[] SlotNames(DataViewSchema.Column column, int size)
        {
            if (!column.HasSlotNames())
                return null;
            VBuffer<ReadOnlyMemory<char>> names = default;
            column.GetSlotNames(ref names);
            var dense = names.DenseValues().Select(n => n.ToString()).ToArray();
            return dense.Length == size ? dense : null;
        }
    }
}
