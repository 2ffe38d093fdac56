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
            => task.Rules.Evaluate(ml, LabelledRows(ml, scored, task), task);

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
    }
}
