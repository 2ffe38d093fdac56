using System.Collections.Generic;
using System.Linq;

namespace MultiTask.MLNet
{
    /// <summary>Metrics of every task of a multi-task model, by task name.</summary>
    public sealed class MultiTaskMetrics
    {
        private readonly Dictionary<string, TaskMetrics> byName;

        internal MultiTaskMetrics(IEnumerable<TaskMetrics> tasks)
        {
            Tasks = tasks.ToList();
            byName = Tasks.ToDictionary(t => t.Name);
        }

        /// <summary>The tasks' metrics, in task order.</summary>
        public IReadOnlyList<TaskMetrics> Tasks { get; }

        /// <summary>One line per task with its headline metrics (see <see cref="TaskMetrics.ToString"/>).</summary>
        public override string ToString() => string.Join(System.Environment.NewLine, Tasks.Select(t => t.ToString()));

        /// <summary>The metrics of the task named <paramref name="taskName"/>.</summary>
        public TaskMetrics this[string taskName] => byName.TryGetValue(taskName, out var m) ? m
            : throw new KeyNotFoundException($"No task named '{taskName}'; tasks: {string.Join(", ", byName.Keys)}.");
    }
}
