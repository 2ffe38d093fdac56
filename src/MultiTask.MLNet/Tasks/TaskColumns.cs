using System.Collections.Generic;
using System.Linq;

namespace MultiTask.MLNet.Tasks
{
    /// <summary>The columns a model of several tasks reads from its ONNX graph, shows the user, and uses in between.</summary>
    internal static class TaskColumns
    {
        /// <summary>The columns a task adds to the data, as the user sees them.</summary>
        public static IEnumerable<string> UserOutputs(BoundTask task) => task.Rules.UserOutputs(task);

        /// <summary>The outputs of the row-form ONNX graph, in the order the exporter writes them.</summary>
        public static IEnumerable<string> RowOnnxOutputs(IEnumerable<BoundTask> tasks) => tasks.SelectMany(t => t.Rules.RowOnnxOutputs(t));

        /// <summary>
        /// The columns the scoring chain creates and drops again. An input column of the same name would be replaced and
        /// then dropped, so the trainer and the transformer refuse such an input.
        /// </summary>
        public static IEnumerable<string> Scratch(IReadOnlyCollection<BoundTask> tasks)
        {
            var user = new HashSet<string>(tasks.SelectMany(UserOutputs));
            return RowOnnxOutputs(tasks)
                .Concat(tasks.SelectMany(t => t.Rules.ScratchColumns(t)))
                .Append(OutputColumnNames.SavedInputScore)
                .Where(name => !user.Contains(name));
        }
    }
}
