using System.Collections.Generic;
using System.Globalization;
using Microsoft.ML.Data;

namespace MultiTask.MLNet
{
    /// <summary>One task's metrics, as ML.NET's own metric types; only the member of the task's kind is set.</summary>
    public sealed class TaskMetrics
    {
        internal TaskMetrics(string name, TaskKind kind)
        {
            Name = name;
            Kind = kind;
        }

        /// <summary>The task's name.</summary>
        public string Name { get; }

        /// <summary>The task's kind, which says which metrics member is set.</summary>
        public TaskKind Kind { get; }

        /// <summary>Regression tasks: ML.NET's regression metrics. For a vector label, pooled over every output slot.</summary>
        public RegressionMetrics Regression { get; internal set; }

        /// <summary>Regression tasks on a vector label: the metrics of each output slot; for a scalar label, one entry.</summary>
        public IReadOnlyList<RegressionMetrics> RegressionPerOutput { get; internal set; }

        /// <summary>Binary tasks: ML.NET's calibrated binary metrics (AUC, accuracy, log-loss, ...).</summary>
        public CalibratedBinaryClassificationMetrics BinaryClassification { get; internal set; }

        /// <summary>Multiclass tasks: ML.NET's multiclass metrics (micro/macro accuracy, log-loss, ...).</summary>
        public MulticlassClassificationMetrics MulticlassClassification { get; internal set; }

        /// <summary>The task's name and headline metrics on one line, for example <c>Price (Regression): RMSE 39.7, MAE 30.1, R2 0.946</c>.</summary>
        public override string ToString()
        {
            var c = CultureInfo.InvariantCulture;
            string metrics = Regression != null
                ? $"RMSE {Regression.RootMeanSquaredError.ToString("G4", c)}, MAE {Regression.MeanAbsoluteError.ToString("G4", c)}, R2 {Regression.RSquared.ToString("F3", c)}"
                : BinaryClassification != null
                    ? $"AUC {BinaryClassification.AreaUnderRocCurve.ToString("F3", c)}, accuracy {BinaryClassification.Accuracy.ToString("F3", c)}, " +
                      $"F1 {BinaryClassification.F1Score.ToString("F3", c)}, log-loss {BinaryClassification.LogLoss.ToString("F3", c)}"
                    : MulticlassClassification != null
                        ? $"micro accuracy {MulticlassClassification.MicroAccuracy.ToString("F3", c)}, macro accuracy {MulticlassClassification.MacroAccuracy.ToString("F3", c)}, " +
                          $"log-loss {MulticlassClassification.LogLoss.ToString("F3", c)}"
                        : "no metrics";
            return $"{Name} ({Kind}): {metrics}";
        }
    }
}
