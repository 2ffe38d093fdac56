using System;
using System.Collections.Generic;
using System.Linq;

namespace MultiTask.MLNet.Gradients
{
    /// <summary>The checks of the task names and weights a method's context is built with, outside the trainer too.</summary>
    internal static class TaskList
    {
        public static string[] Names(IReadOnlyList<string> names, string parameter)
        {
            if (names == null || names.Count == 0)
                throw new ArgumentException("At least one task name is required.", parameter);
            int blank = names.ToList().FindIndex(string.IsNullOrWhiteSpace);
            if (blank >= 0)
                throw new ArgumentException($"Task {blank} has no name.", parameter);
            var repeated = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
            if (repeated != null)
                throw new ArgumentException($"Task name '{repeated.Key}' appears more than once.", parameter);
            return names.ToArray();
        }

        public static float[] Weights(IReadOnlyList<float> weights, int taskCount, string parameter)
        {
            if (weights == null)
                return Enumerable.Repeat(1f, taskCount).ToArray();
            if (weights.Count != taskCount)
                throw new ArgumentException($"Expected {taskCount} task weights, one per task name, got {weights.Count}.", parameter);
            int bad = weights.ToList().FindIndex(w => !(w >= 0 && float.IsFinite(w)));
            if (bad >= 0)
                throw new ArgumentOutOfRangeException(parameter, $"Task {bad}'s weight must be finite and >= 0, got {weights[bad]}.");
            return weights.ToArray();
        }
    }
}
