using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MultiTask.MLNet.Tasks;

namespace MultiTask.MLNet.Scoring
{
    /// <summary>
    /// Builds the ML.NET transformers that score a multi-task ONNX graph (row form, see
    /// the multi-task ONNX exporter) into the package's output columns, using only built-in ML.NET
    /// components, so that the fitted chain saves into an ordinary .zip and loads with nothing registered:
    /// OnnxTransformer computes every output as a vector; one-slot vectors become scalars
    /// (<see cref="LinearScorer.OneSlotToScalar"/>); each task's rules add the parts of its kind
    /// (<see cref="Tasks.Kinds.TaskKindRules.AddScoringParts"/>).
    /// </summary>
    internal sealed class ScoringChain : IScoringChainParts
    {
        private readonly MLContext ml;
        private readonly List<ITransformer> parts = new List<ITransformer>();
        private readonly List<string> temporary = new List<string>();
        private DataViewSchema schema;

        private ScoringChain(MLContext ml, DataViewSchema inputSchema)
        {
            this.ml = ml;
            schema = inputSchema;
        }

        public static TransformerChain<ITransformer> Build(MLContext ml, byte[] rowOnnxModel, string featureColumnName, int featureSize,
            IReadOnlyList<BoundTask> tasks, DataViewSchema inputSchema)
        {
            var chain = new ScoringChain(ml, inputSchema);
            bool inputHasScore = inputSchema.GetColumnOrNull(LinearScorer.ScoreColumn) != null;
            if (inputHasScore)
                chain.Copy(OutputColumnNames.SavedInputScore, LinearScorer.ScoreColumn, temporaryOutput: true);
            // ML.NET's OnnxTransformer accepts any multiple of the feature size; the guard makes a saved model refuse it.
            chain.Add(LinearScorer.FeatureSizeGuard(ml, chain.schema, featureColumnName, featureSize));
            chain.Fit(OnnxScoring(ml, TaskColumns.RowOnnxOutputs(tasks).ToArray(), featureColumnName, rowOnnxModel));
            foreach (var task in tasks)
                task.Rules.AddScoringParts(task, chain);
            if (inputHasScore)
                chain.Copy(LinearScorer.ScoreColumn, OutputColumnNames.SavedInputScore, temporaryOutput: false);
            else
                chain.temporary.Add(LinearScorer.ScoreColumn);
            chain.Fit(ml.Transforms.DropColumns(chain.temporary.Distinct().ToArray()));
            return new TransformerChain<ITransformer>(chain.parts.ToArray());
        }

        public MLContext Ml => ml;

        public void Scratch(string column) => temporary.Add(column);

        // ONNX's one-slot vector "column#slot" -> scalar "column".
        public void Scalar(string column)
        {
            string slot = OutputColumnNames.OneSlot(column);
            Add(LinearScorer.OneSlotToScalar(ml, schema, slot));
            temporary.Add(slot);
            Copy(column, LinearScorer.ScoreColumn, temporaryOutput: false);
        }

        private void Copy(string output, string input, bool temporaryOutput)
        {
            Fit(ml.Transforms.CopyColumns(output, input));
            if (temporaryOutput)
                temporary.Add(output);
        }

        public void Fit(IEstimator<ITransformer> estimator) => Add(estimator.Fit(new SchemaOnlyDataView(schema)));

        private void Add(ITransformer transformer)
        {
            parts.Add(transformer);
            schema = transformer.GetOutputSchema(schema);
        }

        // ONNX Runtime now and then refuses a valid model that ML.NET's OnnxTransformer has just written to a temporary
        // file ("ORT model verification failed"; also seen in ML.NET's own CI, dotnet/machinelearning#7339), and loads
        // the same bytes on a second try. A model that is really invalid fails the second time too, with that error.
        private static IEstimator<ITransformer> OnnxScoring(MLContext ml, string[] outputs, string featureColumnName, byte[] model)
        {
            try
            {
                return ml.Transforms.ApplyOnnxModel(outputs, new[] { featureColumnName }, new MemoryStream(model));
            }
            catch (InvalidOperationException e) when (e.Message.Contains("ORT model verification failed", StringComparison.Ordinal))
            {
                return ml.Transforms.ApplyOnnxModel(outputs, new[] { featureColumnName }, new MemoryStream(model));
            }
        }
    }
}
