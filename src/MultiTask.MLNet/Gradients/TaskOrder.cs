using System;
using System.Linq;

namespace MultiTask.MLNet.Gradients
{
    /// <summary>The other tasks than one, in a random order drawn from the training's seeded RNG (Fisher-Yates).</summary>
    internal static class TaskOrder
    {
        public static int[] OthersShuffled(Random random, int task, int count)
        {
            var others = Enumerable.Range(0, count).Where(j => j != task).ToArray();
            for (int n = others.Length - 1; n > 0; n--)
            {
                int m = random.Next(n + 1);
                (others[n], others[m]) = (others[m], others[n]);
            }
            return others;
        }
    }
}
