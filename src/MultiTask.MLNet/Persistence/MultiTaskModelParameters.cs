using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MultiTask.MLNet.Export;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Onnx;
using MultiTask.MLNet.Persistence;
using MultiTask.MLNet.Tasks;

namespace MultiTask.MLNet
{
    /// <summary>
    /// The trained network of a multi-task model, independent of ML.NET's scoring chain: its tasks, layout and
    /// weights. Get it from <see cref="MultiTaskTransformer.Model"/> or read it back from a saved .zip or an exported
    /// ONNX file with <see cref="Load(string)"/>; pass it to <see cref="MultiTaskTrainer.Fit(Microsoft.ML.IDataView, MultiTaskModelParameters)"/>
    /// to continue training (warm start), or export it with <see cref="SaveAsOnnx(Stream)"/>.
    /// </summary>
    public sealed class MultiTaskModelParameters
    {
        internal MultiTaskModelParameters(string featureColumnName, NetworkLayout layout, StateDict weights, IReadOnlyList<BoundTask> tasks)
        {
            weights.CheckMatches(layout.Parameters);
            FeatureColumnName = featureColumnName;
            Layout = layout;
            Weights = weights;
            BoundTasks = tasks;
        }

        /// <summary>The feature column the network reads.</summary>
        public string FeatureColumnName { get; }

        /// <summary>Length of the feature vector.</summary>
        public int FeatureSize => Layout.InputSize;

        /// <summary>How the network between the features and the heads is wired, with its settings (a copy).</summary>
        public MultiTaskArchitecture Architecture => Layout.Architecture.Clone();

        /// <summary>Sizes of the shared trunk's dense layers under <see cref="HardParameterSharing"/>; empty for other architectures.</summary>
        public IReadOnlyList<int> HiddenLayers => (Layout.Architecture as HardParameterSharing)?.HiddenLayers ?? Array.Empty<int>();

        /// <summary>The hidden-layer activation.</summary>
        public Activation Activation => Layout.Activation;

        /// <summary>The tasks, in head order, with their label columns, weights and head layers.</summary>
        public IReadOnlyList<TaskSpec> Tasks => BoundTasks.Select(t => t.Spec).ToList();

        internal NetworkLayout Layout { get; }
        internal StateDict Weights { get; }
        internal IReadOnlyList<BoundTask> BoundTasks { get; }

        /// <summary>Reads the network of a model saved with <c>mlContext.Model.Save</c> (.zip) or exported with <see cref="SaveAsOnnx(string)"/>.</summary>
        /// <remarks>
        /// Loading checks the model: the SHA-256 this package stores in every graph it writes must match the graph's bytes
        /// (.NET's ZipArchive does not check a .zip's CRC-32, so a damaged byte would otherwise go unnoticed), and the
        /// shapes the graph declares and its weights must match its description (feature size, tasks, outputs, classes).
        /// A damaged or edited model throws <see cref="InvalidOperationException"/> naming the file. A plain
        /// <c>mlContext.Model.Load</c> of a .zip, or ONNX Runtime on an exported file, checks none of this; call
        /// <c>MultiTaskModelParameters.Load(path)</c> once on a model before deploying it. Models written before the hash
        /// (description format 1) load without the hash check.
        /// </remarks>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="InvalidOperationException">The file is not a model of this package, or is damaged or edited.</exception>
        public static MultiTaskModelParameters Load(string path)
        {
            if (!File.Exists(path))
                throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
            using var stream = File.OpenRead(path);
            return Load(stream, $"Model file '{path}'");
        }

        /// <summary>Reads the network of a saved .zip or exported ONNX model from a stream.</summary>
        /// <remarks>Checks the model's SHA-256 and shapes as <see cref="Load(string)"/> does; messages name "the model stream".</remarks>
        /// <exception cref="InvalidOperationException">The stream does not hold a model of this package, or it is damaged or edited.</exception>
        public static MultiTaskModelParameters Load(Stream stream) => Load(stream ?? throw new ArgumentNullException(nameof(stream)), "The model stream");

        internal static MultiTaskModelParameters Load(Stream stream, string source)
        {
            var (onnx, description) = ModelFile.Read(stream, source);
            var layout = Described(description, source);
            var tasks = description.BoundTasks();
            DeclaredShapes.Check(onnx, layout, tasks, description.FeatureColumn, source);
            var weights = StoredWeights.Read(onnx, description, layout, source);
            return new MultiTaskModelParameters(description.FeatureColumn, layout, weights, tasks);
        }

        // The layout a description names; a description whose architecture cannot be built is damaged.
        private static NetworkLayout Described(ModelDescription description, string source)
        {
            try
            {
                description.Architecture?.Validate();
                return description.Layout();
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"{source} is damaged or was edited: its description names a network that cannot be built ({e.Message}).", e);
            }
        }

        /// <summary>
        /// Writes a standalone ONNX model for ONNX Runtime: input <see cref="FeatureColumnName"/> of shape [N, FeatureSize];
        /// per task the outputs <c>Name.Score</c>, and <c>Name.Probability</c> / <c>Name.PredictedLabel</c> (bool for binary
        /// tasks, the class value for multiclass tasks), each with a leading batch axis. Metadata carries the package version,
        /// tasks, feature size and class names, and last a SHA-256 of the model's other bytes
        /// (<c>multitask.sha256</c>) that <see cref="Load(string)"/> checks.
        /// </summary>
        public void SaveAsOnnx(Stream stream)
        {
            var bytes = MultiTaskOnnxExporter.Export(Layout, Weights, BoundTasks, FeatureColumnName, batched: true);
            stream.Write(bytes, 0, bytes.Length);
        }

        /// <summary>Writes the standalone ONNX model (see <see cref="SaveAsOnnx(Stream)"/>) to a file.</summary>
        public void SaveAsOnnx(string path)
        {
            using var stream = File.Create(path);
            SaveAsOnnx(stream);
        }

        /// <summary>Throws unless a network of <paramref name="layout"/> with <paramref name="tasks"/> can start from these weights.</summary>
        internal void CheckCompatible(NetworkLayout layout, IReadOnlyList<BoundTask> tasks)
        {
            string mine = NetworkSummary.Of(Layout, BoundTasks), theirs = NetworkSummary.Of(layout, tasks);
            if (mine != theirs)
                throw new InvalidOperationException($"The initial model does not fit the new training: it has {mine}; the options and data ask for {theirs}.");
        }
    }
}
