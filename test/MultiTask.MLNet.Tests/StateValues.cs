using System.Linq;
using MultiTask.MLNet.Model;

namespace MultiTask.MLNet.Tests
{
    /// <summary>Reads a trained network's weights by their names, as tests compare them.</summary>
    internal static class StateValues
    {
        /// <summary>Every value of the tensors whose name starts with <paramref name="prefix"/> (all of them for "").</summary>
        public static float[] Of(StateDict state, string prefix = "")
            => state.Names.Where(n => n.StartsWith(prefix)).SelectMany(n => state[n].Values).ToArray();

        /// <summary>Every value of the whole network.</summary>
        public static float[] All(MultiTaskTransformer model) => Of(model.Weights);

        /// <summary>The hard-sharing trunk's first weight, [outputs, inputs] row-major.</summary>
        public static float[] FirstTrunkWeight(StateDict state) => state["shared.layer0.weight"].Values;
    }
}
