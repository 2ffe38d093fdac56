using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MultiTask.MLNet.Evaluation
{
    /// <summary>Evaluates every task of scored data with ML.NET's own evaluators.</summary>
    internal static class MultiTaskEvaluator
    {
        public static MultiTaskMetrics Evaluate(MLContext ml, IDataView scored, IEnumerable<TaskSpec> tasks)
            => new MultiTaskMetrics(tasks.Select(t => EvaluateTask(ml, scored, t)).ToList());

        private static TaskMetrics EvaluateTask(MLContext ml, IDataView scored, TaskSpec task)
        {
            scored = LabelledRows(ml, scored, task);
            var metrics = new TaskMetrics(task.Name, task.Kind);
            string label = task.LabelColumnName;
            string score = OutputColumnNames.Score(task.Name);
            switch (task.Kind)
            {
                case TaskKind.Regression when scored.Schema.GetColumnOrNull(score)?.Type is VectorDataViewType:
                    (metrics.Regression, metrics.RegressionPerOutput) = EvaluateVector(ml, scored, label, score);
                    break;
                case TaskKind.Regression:
                    metrics.Regression = ml.Regression.Evaluate(scored, label, score);
                    metrics.RegressionPerOutput = new[] { metrics.Regression };
                    break;
                case TaskKind.BinaryClassification:
                    metrics.BinaryClassification = ml.BinaryClassification.Evaluate(scored, label, score,
                        OutputColumnNames.Probability(task.Name), OutputColumnNames.PredictedLabel(task.Name));
                    break;
                case TaskKind.MulticlassClassification:
                    metrics.MulticlassClassification = ml.MulticlassClassification.Evaluate(scored, label, score,
                        OutputColumnNames.PredictedLabel(task.Name));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(task));
            }
            return metrics;
        }

        // A task whose rows say, through its has-label column, that they carry no label is evaluated on the others only,
        // as it was trained. (Missing values, NaN or the missing key, are skipped by ML.NET's evaluators themselves.)
        private static IDataView LabelledRows(MLContext ml, IDataView scored, TaskSpec task)
        {
            string has = task.HasLabelColumnName;
            if (has == null)
                return scored;
            if (scored.Schema.GetColumnOrNull(has)?.Type != BooleanDataViewType.Instance)
                throw new ArgumentOutOfRangeException(nameof(scored),
                    $"Has-label column '{has}' of task '{task.Name}' is missing from the scored data or not Boolean; expected Boolean.");
            string flag = has;
            while (scored.Schema.GetColumnOrNull(flag) != null)
                flag += "#evaluated";
            var asNumber = ml.Transforms.Conversion.ConvertType(flag, has, DataKind.Single).Fit(scored).Transform(scored);
            return ml.Data.FilterRowsByColumn(asNumber, flag, lowerBound: 0.5);
        }

        // ML.NET's regression evaluator takes scalar columns: evaluate (label, score) pairs of all slots pooled, then per slot.
        private static (RegressionMetrics, IReadOnlyList<RegressionMetrics>) EvaluateVector(MLContext ml, IDataView scored, string label, string score)
        {
            var pairs = new List<Pair>();
            using (var cursor = scored.GetRowCursor(new[] { scored.Schema[label], scored.Schema[score] }))
            {
                var getLabel = cursor.GetGetter<VBuffer<float>>(scored.Schema[label]);
                var getScore = cursor.GetGetter<VBuffer<float>>(scored.Schema[score]);
                VBuffer<float> l = default, s = default;
                while (cursor.MoveNext())
                {
                    getLabel(ref l);
                    getScore(ref s);
                    var lv = l.DenseValues().ToArray();
                    var sv = s.DenseValues().ToArray();
                    if (lv.All(float.IsFinite))
                        pairs.AddRange(lv.Select((v, i) => new Pair { Slot = i, Label = v, Score = sv[i] }));
                }
            }
            RegressionMetrics Of(IEnumerable<Pair> subset)
                => ml.Regression.Evaluate(ml.Data.LoadFromEnumerable(subset), nameof(Pair.Label), nameof(Pair.Score));
            var perSlot = pairs.GroupBy(p => p.Slot).OrderBy(g => g.Key).Select(g => Of(g)).ToList();
            return (Of(pairs), perSlot);
        }

        private sealed class Pair
        {
            public int Slot { get; set; }
            public float Label { get; set; }
            public float Score { get; set; }
        }
    }
}
