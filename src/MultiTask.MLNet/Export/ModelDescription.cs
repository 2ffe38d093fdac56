using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Microsoft.ML.Data;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Onnx;
using MultiTask.MLNet.Tasks;

namespace MultiTask.MLNet.Export
{
    /// <summary>
    /// What an exported graph is, stored as JSON in the ONNX metadata under <see cref="MetadataKey"/>:
    /// features, trunk, activation, and per task its kind, label, weight, head and classes. With the named
    /// weight initializers it is enough to rebuild the network (warm starts) and to check compatibility.
    /// </summary>
    internal sealed class ModelDescription
    {
        public const string MetadataKey = "multitask.model";

        // Format history. PackageVersion stayed 0.1.0.0 across both, so Format is what tells them apart.
        //   1: the description and the named weight initializers.
        //   2: as 1, and the model ends with a SHA-256 of its bytes (ModelHash), which the loaders require: a format-2
        //      model without it is damaged or was edited. Format-1 models, written before the hash, load unchecked.
        //   3: the network's Architecture (any MultiTaskArchitecture, as JSON) instead of a dense Trunk, and weights named
        //      after the network's parameters (shared.layer0.weight, heads.0.layer0.weight, ...), dense weights stored
        //      [outputs, inputs]. Formats 1 and 2 have a Trunk and weights named trunk.{i} and head{k}.{i}, stored
        //      [inputs, outputs]; they are read as hard parameter sharing (LegacyWeights).
        public const int CurrentFormat = 3;

        /// <summary>The first format that describes its architecture and names weights after the network's parameters.</summary>
        public const int FirstArchitectureFormat = 3;

        /// <summary>The first format whose models carry a <see cref="ModelHash"/>.</summary>
        public const int FirstHashedFormat = 2;

        public int Format { get; set; } = CurrentFormat;
        public string PackageVersion { get; set; }
        public string FeatureColumn { get; set; }
        public int FeatureSize { get; set; }
        /// <summary>Formats 1 and 2: the dense trunk's sizes (hard parameter sharing).</summary>
        public int[] Trunk { get; set; }

        /// <summary>Format 3 on: the architecture and its settings.</summary>
        public MultiTaskArchitecture Architecture { get; set; }

        public string Activation { get; set; }
        public List<TaskDescription> Tasks { get; set; }

        public static ModelDescription Of(NetworkLayout layout, IReadOnlyList<BoundTask> tasks, string featureColumn) => new ModelDescription
        {
            PackageVersion = typeof(ModelDescription).Assembly.GetName().Version?.ToString(),
            FeatureColumn = featureColumn,
            FeatureSize = layout.InputSize,
            Architecture = layout.Architecture,
            Activation = layout.Activation.ToString(),
            Tasks = tasks.Select((t, k) => new TaskDescription
            {
                Name = t.Name,
                Kind = t.Kind.ToString(),
                Label = t.Spec.LabelColumnName,
                Weight = t.Spec.Weight,
                Outputs = t.OutputSize,
                VectorLabel = t.VectorLabel,
                Head = layout.Heads[k].Hidden.ToArray(),
                LabelMean = layout.Heads[k].Scaling?.Mean,
                LabelScale = layout.Heads[k].Scaling?.Scale,
                ClassType = t.Classes?.ItemType.RawType.Name,
                Classes = t.Classes?.Values.Cast<object>().Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            }).ToList(),
        };

        public string ToJson() => JsonSerializer.Serialize(this);

        public static ModelDescription FromJson(string json, string source)
        {
            ModelDescription description;
            try
            {
                description = JsonSerializer.Deserialize<ModelDescription>(json);
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"{source}: the MultiTask.MLNet description in the ONNX metadata is damaged ({e.Message}).", e);
            }
            if (description == null || description.Tasks == null || (description.Trunk == null && description.Architecture == null) || description.FeatureColumn == null)
                throw new InvalidOperationException($"{source}: the MultiTask.MLNet description in the ONNX metadata is incomplete.");
            if (description.Format > CurrentFormat)
                throw new InvalidOperationException($"{source} was written by a newer MultiTask.MLNet (format {description.Format}); this version reads format {CurrentFormat}.");
            return description;
        }

        /// <summary>The network layout the description names.</summary>
        public NetworkLayout Layout() => new NetworkLayout(FeatureSize, Architecture ?? new HardParameterSharing { HiddenLayers = Trunk },
            Tasks.Select(t => new HeadLayout(t.Head, t.Outputs, t.Scaling())).ToList(),
            Enum.Parse<Activation>(Activation), dropout: 0);

        /// <summary>The tasks as they were bound at training time.</summary>
        public IReadOnlyList<BoundTask> BoundTasks() => Tasks.Select(t => t.Bind()).ToList();
    }

    /// <summary>One task of a <see cref="ModelDescription"/>.</summary>
    internal sealed class TaskDescription
    {
        public string Name { get; set; }
        public string Kind { get; set; }
        public string Label { get; set; }
        public float Weight { get; set; }
        public int Outputs { get; set; }
        public bool VectorLabel { get; set; }
        public int[] Head { get; set; }
        public string ClassType { get; set; }
        public string[] Classes { get; set; }

        /// <summary>Regression heads trained on standardised labels: per slot, the label mean and standard deviation; else null.</summary>
        public float[] LabelMean { get; set; }
        public float[] LabelScale { get; set; }

        public LabelScaling Scaling() => LabelMean == null && LabelScale == null ? null : new LabelScaling(LabelMean ?? new float[0], LabelScale ?? new float[0]);

        public BoundTask Bind()
        {
            var spec = TaskSpec.Create(Enum.Parse<TaskKind>(Kind), Label, Name, Weight, Head);
            return BoundTask.Create(spec, Outputs, VectorLabel, Classes == null ? null : ClassValues.Parse(ClassType, Classes));
        }
    }
}
