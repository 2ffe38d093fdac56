using System;
using System.Collections.Generic;
using System.Linq;

namespace MethodBenchmark
{
    /// <summary>One task's metric and which way is better.</summary>
    public sealed record TaskMetric(string Task, string Metric, bool HigherIsBetter);

    /// <summary>
    /// The field's summary of a multi-task result (Maninis et al., CVPR 2019; as LibMTL reports it): the average relative
    /// change, in percent, of every task's metric against the single-task networks,
    /// <c>Delta_m = 100 / K * sum_k (-1)^(s_k) (M_k - B_k) / B_k</c> with s_k = 0 when higher is better and 1 when lower is,
    /// so that a positive Delta_m is an improvement (some papers, Nash-MTL's among them, flip the sign).
    /// </summary>
    public static class DeltaM
    {
        /// <param name="metrics">The tasks' metrics, in the order of the values.</param>
        /// <param name="method">The multi-task method's value of each task.</param>
        /// <param name="singleTask">The single-task networks' value of each task (non-zero).</param>
        public static double Of(IReadOnlyList<TaskMetric> metrics, IReadOnlyList<double> method, IReadOnlyList<double> singleTask)
        {
            if (metrics.Count == 0 || method.Count != metrics.Count || singleTask.Count != metrics.Count)
                throw new ArgumentException($"Delta_m needs one value per task: {metrics.Count} tasks, {method.Count} method values, {singleTask.Count} baseline values.");
            int zero = singleTask.ToList().FindIndex(b => b == 0 || !double.IsFinite(b));
            if (zero >= 0)
                throw new ArgumentException($"The single-task {metrics[zero].Metric} of task '{metrics[zero].Task}' is {singleTask[zero]}: Delta_m divides by it.");
            return 100.0 / metrics.Count * metrics.Select((m, k) => (m.HigherIsBetter ? 1 : -1) * (method[k] - singleTask[k]) / singleTask[k]).Sum();
        }
    }
}
