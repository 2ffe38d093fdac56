using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Model.Ops;
using MultiTask.MLNet.Scoring;
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
        private readonly System.Lazy<HeadsSession> heads;
        // Compiled on the first PredictionEngine and shared by every later one (it only reads; each row has its own buffers).
        private readonly System.Lazy<ForwardPlan> plan;

        internal MultiTaskTransformer(ITransformer scoring, MultiTaskModelParameters model, TrainingHistory history)
        {
            this.scoring = scoring;
            Model = model;
            tasks = model.BoundTasks;
            TrainingHistory = history;
            heads = new System.Lazy<HeadsSession>(() => new HeadsSession(model));
            plan = new System.Lazy<ForwardPlan>(() => ForwardPlan.Compile(model.Layout, model.Weights));
        }

        /// <summary>The trained network: tasks, layout and weights; export it with <see cref="SaveAsOnnx(Stream)"/> or warm-start from it.</summary>
        public MultiTaskModelParameters Model { get; }

        /// <summary>The feature column the model reads (a vector of <see cref="FeatureSize"/> Single values).</summary>
        public string FeatureColumnName => Model.FeatureColumnName;

        /// <summary>Length of the feature vector the model was trained on.</summary>
        public int FeatureSize => Model.FeatureSize;

        /// <summary>The tasks, in head order.</summary>
        public IReadOnlyList<TaskSpec> Tasks => Model.Tasks;

        /// <summary>Writes a standalone ONNX model for ONNX Runtime; see <see cref="MultiTaskModelParameters.SaveAsOnnx(Stream)"/>.</summary>
        public void SaveAsOnnx(Stream stream) => Model.SaveAsOnnx(stream);

        /// <summary>Writes a standalone ONNX model file; see <see cref="MultiTaskModelParameters.SaveAsOnnx(Stream)"/>.</summary>
        public void SaveAsOnnx(string path) => Model.SaveAsOnnx(path);

        /// <summary>Per-epoch losses of the training that produced this model.</summary>
        public TrainingHistory TrainingHistory { get; }

        /// <summary>Always true: every row is scored on its own.</summary>
        public bool IsRowToRowMapper => true;

        internal NetworkLayout Layout => Model.Layout;
        internal MultiTask.MLNet.Model.StateDict Weights => Model.Weights;

        /// <inheritdoc/>
        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
        {
            CheckInput(inputSchema);
            return scoring.GetOutputSchema(inputSchema);
        }

        /// <inheritdoc/>
        /// <remarks>
        /// The mapper (what PredictionEngine uses) runs the network in managed code: the same values and schema as the
        /// ONNX scoring chain, at a fraction of the per-row cost.
        /// </remarks>
        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
        {
            CheckInput(inputSchema);
            return new ManagedRowMapper(Model, plan.Value, inputSchema, scoring.GetOutputSchema(inputSchema));
        }

        /// <inheritdoc/>
        /// <remarks>
        /// Lazy, as every ML.NET transform: cursors score the rows in batches with ONNX Runtime, with the schema and values of
        /// the scoring chain that <c>mlContext.Model.Save</c> writes (which scores row by row).
        /// </remarks>
        public IDataView Transform(IDataView input)
        {
            CheckInput(input.Schema);
            return new BatchedScoringView(input, scoring.GetOutputSchema(input.Schema), Model, heads.Value);
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
