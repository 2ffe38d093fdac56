using System;
using System.Collections.Generic;
using System.Linq;

namespace MultiTask.MLNet.Model
{
    /// <summary>One tensor of a <see cref="StateDict"/>: shape and row-major values.</summary>
    internal sealed class StateTensor
    {
        public StateTensor(long[] shape, float[] values)
        {
            long count = shape.Aggregate(1L, (a, b) => a * b);
            if (count != values.Length)
                throw new ArgumentException($"A tensor of shape [{string.Join(", ", shape)}] needs {count} values, got {values.Length}.");
            Shape = shape;
            Values = values;
        }

        public long[] Shape { get; }
        public float[] Values { get; }
    }

    /// <summary>
    /// Every trained tensor of a network by name, as plain arrays independent of TorchSharp: what a snapshot keeps, what
    /// the ONNX writer reads, and what a warm start loads back. Names are the <see cref="ParameterSpec"/> names.
    /// </summary>
    internal sealed class StateDict
    {
        private readonly Dictionary<string, StateTensor> tensors;

        public StateDict(IEnumerable<KeyValuePair<string, StateTensor>> entries)
        {
            tensors = new Dictionary<string, StateTensor>();
            foreach (var (name, tensor) in entries)
                if (!tensors.TryAdd(name, tensor))
                    throw new ArgumentException($"The state has two tensors named '{name}'.");
            Names = entries.Select(e => e.Key).ToArray();
        }

        /// <summary>The names, in the network's parameter order.</summary>
        public IReadOnlyList<string> Names { get; }

        public StateTensor this[string name] => tensors.TryGetValue(name, out var t) ? t
            : throw new KeyNotFoundException($"The network state has no tensor '{name}'.");

        /// <summary>All-zero tensors of the given parameters: a graph of the right shape, for schema propagation.</summary>
        public static StateDict Zeros(IEnumerable<ParameterSpec> parameters)
            => new StateDict(parameters.Select(p => KeyValuePair.Create(p.Name, new StateTensor(p.Shape.ToArray(), new float[p.Count]))));

        /// <summary>Throws unless this state has exactly the given parameters, with their shapes.</summary>
        public void CheckMatches(IReadOnlyList<ParameterSpec> parameters, string source = "The weights")
        {
            string Describe(IEnumerable<(string Name, IEnumerable<long> Shape)> items)
                => string.Join(", ", items.Select(i => $"{i.Name} [{string.Join("x", i.Shape)}]"));
            var mine = Names.Select(n => (n, (IEnumerable<long>)tensors[n].Shape)).ToList();
            var expected = parameters.Select(p => (p.Name, (IEnumerable<long>)p.Shape)).ToList();
            bool same = mine.Count == expected.Count && mine.Zip(expected).All(pair => pair.First.n == pair.Second.Name && pair.First.Item2.SequenceEqual(pair.Second.Item2));
            if (!same)
                throw new InvalidOperationException($"{source} do not fit the network: they hold {Describe(mine)}; the network has {Describe(expected)}.");
        }

        /// <summary>This state with the tensors of <paramref name="replacements"/> in place of those of the same name.</summary>
        public StateDict With(IReadOnlyDictionary<string, StateTensor> replacements)
            => new StateDict(Names.Select(n => KeyValuePair.Create(n, replacements.TryGetValue(n, out var t) ? t : tensors[n])));
    }
}
