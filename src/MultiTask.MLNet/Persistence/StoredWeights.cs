using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using MultiTask.MLNet.Export;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Onnx;

namespace MultiTask.MLNet.Persistence
{
    /// <summary>
    /// Reads a network's weights back from the named initializers of a graph this package wrote: one per parameter of
    /// the layout, by the parameter's name; formats 1 and 2 named them after the dense trunk and heads (see
    /// <see cref="ModelDescription.CurrentFormat"/>) and stored dense weights transposed.
    /// </summary>
    internal static class StoredWeights
    {
        private static readonly Regex LegacyParameter = new Regex(@"^(?:shared|heads\.(?<head>\d+))\.layer(?<layer>\d+)\.(?<kind>weight|bias)$");

        public static StateDict Read(OnnxModelReader onnx, ModelDescription description, NetworkLayout layout, string source)
        {
            bool legacy = description.Format < ModelDescription.FirstArchitectureFormat;
            return new StateDict(layout.Parameters.Select(p => KeyValuePair.Create(p.Name, legacy ? Legacy(onnx, p, source) : Tensor(onnx, p.Name, p.Shape, source))).ToList());
        }

        private static StateTensor Tensor(OnnxModelReader onnx, string name, IReadOnlyList<long> shape, string source)
        {
            if (!onnx.FloatInitializers.TryGetValue(name, out var tensor))
                throw new InvalidOperationException($"{source}: the network weight '{name}' is missing.");
            if (!tensor.Dims.SequenceEqual(shape))
                throw new InvalidOperationException($"{source}: the network weight '{name}' has shape [{string.Join(", ", tensor.Dims)}], expected [{string.Join(", ", shape)}].");
            return new StateTensor(tensor.Dims, tensor.Values);
        }

        // Formats 1-2: shared.layer{i} was trunk.{i}, heads.{k}.layer{i} was head{k}.{i}; a weight [outputs, inputs] was stored [inputs, outputs].
        private static StateTensor Legacy(OnnxModelReader onnx, ParameterSpec parameter, string source)
        {
            var match = LegacyParameter.Match(parameter.Name);
            if (!match.Success)
                throw new InvalidOperationException($"{source}: a format-{ModelDescription.FirstArchitectureFormat - 1} model has no weight for '{parameter.Name}'.");
            string prefix = match.Groups["head"].Success ? $"head{match.Groups["head"].Value}" : "trunk";
            string name = $"{prefix}.{match.Groups["layer"].Value}.{match.Groups["kind"].Value}";
            if (match.Groups["kind"].Value == "bias")
                return Tensor(onnx, name, parameter.Shape, source);
            long outputs = parameter.Shape[0], inputs = parameter.Shape[1];
            var stored = Tensor(onnx, name, new[] { inputs, outputs }, source).Values;
            var weight = new float[stored.Length];
            for (long r = 0; r < inputs; r++)
                for (long c = 0; c < outputs; c++)
                    weight[c * inputs + r] = stored[r * outputs + c];
            return new StateTensor(new[] { outputs, inputs }, weight);
        }
    }
}
