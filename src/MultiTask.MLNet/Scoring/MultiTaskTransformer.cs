using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Network;
using MultiTask.MLNet.Tasks;

namespace MultiTask.MLNet
{
    /// <summary>
    /// A trained multi-task network. It adds each task's output columns (see <see cref="OutputColumnNames"/>)
    /// and passes every input column through. Scoring runs the exported ONNX graph through ML.NET's
    /// OnnxTransformer, so <c>mlContext.Model.Save</c> writes only standard ML.NET parts: the saved model
    /// loads with a plain MLContext, and TorchSharp is not needed to score.
    /// </summary>
    public sealed class MultiTaskTransformer : ITransformer
    {
        private readonly ITransformer scoring;
        private readonly IReadOnlyList<BoundTask> tasks;

        internal MultiTaskTransformer(ITransformer scoring, string featureColumnName, NetworkLayout layout, NetworkWeights weights,
            IReadOnlyList<BoundTask> tasks, TrainingHistory history)
        {
            this.scoring = scoring;
            this.tasks = tasks;
            FeatureColumnName = featureColumnName;
            Layout = layout;
            Weights = weights;
            TrainingHistory = history;
        }

        /// <summary>The feature column the model reads (a vector of <see cref="FeatureSize"/> Single values).</summary>
        public string FeatureColumnName { get; }

        /// <summary>Length of the feature vector the model was trained on.</summary>
        public int FeatureSize => Layout.InputSize;

        /// <summary>The tasks, in head order.</summary>
        public IReadOnlyList<TaskSpec> Tasks => tasks.Select(t => t.Spec).ToList();

        /// <summary>Per-epoch losses of the training that produced this model.</summary>
        public TrainingHistory TrainingHistory { get; }

        /// <summary>Always true: every row is scored on its own.</summary>
        public bool IsRowToRowMapper => true;

        internal NetworkLayout Layout { get; }
        internal NetworkWeights Weights { get; }
        internal IReadOnlyList<BoundTask> BoundTasks => tasks;

        /// <inheritdoc/>
        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
        {
            CheckInput(inputSchema);
            return scoring.GetOutputSchema(inputSchema);
        }

        /// <inheritdoc/>
        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
        {
            CheckInput(inputSchema);
            return scoring.GetRowToRowMapper(inputSchema);
        }

        /// <inheritdoc/>
        public IDataView Transform(IDataView input)
        {
            CheckInput(input.Schema);
            return scoring.Transform(input);
        }

        // The saved model is the inner ML.NET chain itself: nothing of this package is needed to load it.
        void ICanSaveModel.Save(ModelSaveContext ctx) => scoring.Save(ctx);

        private void CheckInput(DataViewSchema schema)
        {
            int size = SchemaChecks.FeatureSize(schema, FeatureColumnName, "input data");
            if (size != FeatureSize)
                throw new System.ArgumentOutOfRangeException(nameof(schema),
                    $"Feature column '{FeatureColumnName}' has {size} values; the model was trained on {FeatureSize}.");
            SchemaChecks.NoOutputCollisions(schema, tasks, "input data");
        }
    }
}
