using System.Collections.Generic;
using System.Linq;

namespace MultiTask.MLNet.Onnx
{
    /// <summary>
    /// A graph input or output as an ONNX graph declares it (ValueInfoProto): name, tensor element type and dimensions,
    /// null standing for a symbolic dimension such as the batch size "N".
    /// </summary>
    internal sealed class OnnxValueInfo
    {
        public OnnxValueInfo(string name, OnnxElementType type, IReadOnlyList<long?> dims)
        {
            Name = name;
            Type = type;
            Dims = dims.ToArray();
        }

        public string Name { get; }
        public OnnxElementType Type { get; }
        public IReadOnlyList<long?> Dims { get; }

        /// <summary>As in error messages: <c>Price.Score Float[N]</c>.</summary>
        public override string ToString() => $"{Name} {Type}[{string.Join(", ", Dims.Select(d => d?.ToString() ?? "N"))}]";
    }
}
