using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using MultiTask.MLNet.Tasks;

namespace MultiTask.MLNet.Scoring
{
    /// <summary>
    /// What the two in-memory scoring paths (<see cref="ManagedRowMapper"/>, <see cref="BatchedScoringView"/>) share: which
    /// output columns the tasks compute, and their getters from each head's output for the current row.
    /// </summary>
    internal sealed class TaskOutputColumns
    {
        private readonly HashSet<string> names;

        public TaskOutputColumns(IEnumerable<BoundTask> tasks) => names = new HashSet<string>(tasks.SelectMany(TaskColumns.UserOutputs));

        /// <summary>True for a column a task computes; every other output column passes an input column through.</summary>
        public bool Contains(DataViewSchema.Column column) => !column.IsHidden && names.Contains(column.Name);

        /// <summary>The getters of every task column by name, given head k's output (label units) for the current row.</summary>
        public static Dictionary<string, Delegate> Getters(IReadOnlyList<BoundTask> tasks, Func<int, float[]> headOutput)
        {
            var getters = new Dictionary<string, Delegate>();
            for (int k = 0; k < tasks.Count; k++)
            {
                int task = k;
                foreach (var (column, getter) in tasks[k].Rules.RowGetters(tasks[k], () => headOutput(task)))
                    getters[column] = getter;
            }
            return getters;
        }
    }
}
