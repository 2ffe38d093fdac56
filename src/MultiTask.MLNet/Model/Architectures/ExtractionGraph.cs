using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet.Model.Blocks;
using MultiTask.MLNet.Model.Ops;

namespace MultiTask.MLNet.Model.Architectures
{
    /// <summary>Range checks of the CGC and PLE settings.</summary>
    internal static class ExtractionSettings
    {
        public static void Validate(string owner, int shared, int perTask, int levels, int[] layers, ConvolutionalTrunk convolutional)
        {
            SettingChecks.AtLeast(shared, 0, $"{owner}.SharedExperts");
            SettingChecks.AtLeast(perTask, 0, $"{owner}.ExpertsPerTask");
            if (shared + perTask < 1)
                throw new ArgumentOutOfRangeException($"{owner}.SharedExperts", $"{owner} needs at least one expert per gate: SharedExperts + ExpertsPerTask is 0.");
            SettingChecks.AtLeast(levels, 1, $"{owner}.Levels");
            // Levels after the first read vectors, so they use the dense ExpertLayers even beside a convolutional ExpertNetwork.
            if (convolutional != null && levels > 1)
                SettingChecks.Layers(layers, $"{owner}.ExpertLayers");
            ExpertNetworks.Validate(layers, convolutional, owner, "ExpertLayers", "ExpertNetwork");
        }
    }

    /// <summary>
    /// CGC (one level) and PLE (several): per level, shared experts on the shared branch, task k's experts on task k's branch,
    /// <c>h_k' = sum softmax(G_k h_k) [shared, task k's]</c> and <c>h_s' = sum softmax(G_s h_s) [shared, every task's]</c>.
    /// </summary>
    internal sealed class ExtractionGraph : ArchitectureGraph
    {
        private readonly IReadOnlyList<Level> levels;
        private readonly int tasks;

        public ExtractionGraph(string owner, int shared, int perTask, int levelCount, int[] layers, ConvolutionalTrunk convolutional, ArchitectureInputs inputs)
        {
            tasks = inputs.TaskCount;
            var built = new List<Level>();
            int inputSize = inputs.FeatureSize;
            for (int i = 0; i < levelCount; i++)
            {
                bool first = i == 0, last = i == levelCount - 1;
                BlockStack Expert(string name, int expertOwner)
                    => ExpertNetworks.Build(name, expertOwner, inputSize, first, layers, convolutional, inputs, $"{owner}.ExpertNetwork");
                var sharedExperts = Enumerable.Range(0, shared).Select(j => Expert($"level{i}.shared.{j}", ParameterSpec.Shared)).ToList();
                var taskExperts = Enumerable.Range(0, tasks)
                    .Select(k => (IReadOnlyList<BlockStack>)Enumerable.Range(0, perTask).Select(j => Expert($"level{i}.task{k}.{j}", k)).ToList()).ToList();
                int outputSize = ExpertNetworks.CommonSize(sharedExperts.Concat(taskExperts.SelectMany(t => t)).ToList(), owner);
                var gates = Enumerable.Range(0, tasks).Select(k => ExpertNetworks.Gate($"level{i}.gate{k}", k, inputSize, shared + perTask)).ToList();
                var sharedGate = last || shared == 0 ? null : ExpertNetworks.Gate($"level{i}.shared_gate", ParameterSpec.Shared, inputSize, shared + tasks * perTask);
                built.Add(new Level(sharedExperts, taskExperts, gates, sharedGate, outputSize));
                inputSize = outputSize;
            }
            levels = built;
        }

        public override IReadOnlyList<ParameterSpec> Parameters => levels.SelectMany(l => l.Parameters).ToArray();

        public override IReadOnlyList<int> RepresentationSizes => Enumerable.Repeat(levels[^1].OutputSize, tasks).ToArray();


        public override IReadOnlyList<T> Forward<T>(INetworkOps<T> ops, T x)
        {
            T shared = x;
            IReadOnlyList<T> branches = Enumerable.Repeat(x, tasks).ToArray();
            foreach (var level in levels)
                (shared, branches) = level.Forward(ops, shared, branches);
            return branches;
        }

        private sealed record Level(IReadOnlyList<BlockStack> Shared, IReadOnlyList<IReadOnlyList<BlockStack>> PerTask, IReadOnlyList<DenseBlock> Gates,
            DenseBlock SharedGate, int OutputSize)
        {
            public IEnumerable<ParameterSpec> Parameters
                => Shared.SelectMany(e => e.Parameters)
                    .Concat(PerTask.SelectMany(t => t.SelectMany(e => e.Parameters)))
                    .Concat(Gates.SelectMany(g => g.Parameters))
                    .Concat(SharedGate?.Parameters ?? Array.Empty<ParameterSpec>());

            public (T Shared, IReadOnlyList<T> Branches) Forward<T>(INetworkOps<T> ops, T shared, IReadOnlyList<T> branches)
            {
                var sharedOut = Shared.Select(e => e.Forward(ops, shared)).ToArray();
                var taskOut = PerTask.Select((experts, k) => experts.Select(e => e.Forward(ops, branches[k])).ToArray()).ToArray();
                var next = Gates.Select((g, k) => ops.Mix(ops.Softmax(g.Forward(ops, branches[k])), sharedOut.Concat(taskOut[k]).ToArray())).ToArray();
                var nextShared = SharedGate == null ? default
                    : ops.Mix(ops.Softmax(SharedGate.Forward(ops, shared)), sharedOut.Concat(taskOut.SelectMany(t => t)).ToArray());
                return (nextShared, next);
            }
        }
    }
}
