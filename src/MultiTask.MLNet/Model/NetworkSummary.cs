using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Tasks;

namespace MultiTask.MLNet.Model
{
    /// <summary>A network's layout and tasks in one line, for messages that compare two of them.</summary>
    internal static class NetworkSummary
    {
        public static string Of(NetworkLayout layout, IEnumerable<BoundTask> tasks)
            => $"features {layout.InputSize}, architecture {layout.Architecture}, {layout.Activation}, tasks " +
               string.Join("; ", tasks.Select((t, k) => $"{t.Name} ({t.Kind}, {t.OutputSize} outputs, head [{string.Join(", ", layout.Heads[k].Hidden)}]" +
                   (t.Classes == null ? ")" : $", classes [{string.Join(", ", t.Classes.Values.Cast<object>())}])")));
    }
}
