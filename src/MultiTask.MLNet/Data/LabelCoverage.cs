using System;
using System.Collections.Generic;
using MultiTask.MLNet.Tasks;

namespace MultiTask.MLNet.Data
{
    /// <summary>
    /// Refuses a task that has no row counting in its loss: it would train nothing and score a constant, which looks
    /// like a model. Whatever the sampling mode, a task needs at least one labelled row with a positive example weight.
    /// </summary>
    internal static class LabelCoverage
    {
        public static void RequireEveryTask(LabelCounts counts, IReadOnlyList<BoundTask> tasks, string weightColumn, string dataName)
        {
            for (int k = 0; k < tasks.Count; k++)
            {
                if (counts.Counted(k) > 0)
                    continue;
                var spec = tasks[k].Spec;
                string why = counts.Labelled(k) > 0
                    ? $"every labelled row has example weight 0 (column '{weightColumn}')"
                    : tasks[k].Rules.MissingLabel == null
                        ? $"has-label column '{spec.HasLabelColumnName}' is false on every row"
                        : $"every value of label column '{spec.LabelColumnName}' is missing ({tasks[k].Rules.MissingLabel})" +
                          (spec.HasLabelColumnName == null ? "" : $" or has-label column '{spec.HasLabelColumnName}' is false");
                throw new InvalidOperationException(
                    $"Task '{spec.Name}' has no row that counts in its loss in the {dataName}: {why}. It would learn nothing and " +
                    "score a constant. Give it labelled rows, or remove the task.");
            }
        }

        /// <summary>The tasks with no row that counts in their loss (for validation data, where some may lack labels).</summary>
        public static List<int> TasksWithoutRows(LabelCounts counts)
        {
            var missing = new List<int>();
            for (int k = 0; k < counts.TaskCount; k++)
                if (counts.Counted(k) == 0)
                    missing.Add(k);
            return missing;
        }
    }
}
