using System.Collections.Generic;
using System.Linq;

namespace MultiTask.MLNet.Onnx
{
    /// <summary>The inputs and outputs an ONNX graph declares, in declaration order.</summary>
    internal sealed class GraphSignature
    {
        public GraphSignature(IEnumerable<OnnxValueInfo> inputs, IEnumerable<OnnxValueInfo> outputs)
        {
            Inputs = inputs.ToArray();
            Outputs = outputs.ToArray();
        }

        public IReadOnlyList<OnnxValueInfo> Inputs { get; }
        public IReadOnlyList<OnnxValueInfo> Outputs { get; }

        /// <summary>True for the standalone form (a leading batch axis on the feature input), false for the row form.</summary>
        public bool IsBatched => Inputs.Count > 0 && Inputs[0].Dims.Count > 1;

        // The text names every input and output with its type and every dimension, so equal text is an equal signature.
        public bool Matches(GraphSignature other) => ToString() == other.ToString();

        public override string ToString() => $"inputs {Join(Inputs)}; outputs {Join(Outputs)}";

        private static string Join(IReadOnlyList<OnnxValueInfo> values) => values.Count == 0 ? "(none)" : string.Join(", ", values);
    }
}
