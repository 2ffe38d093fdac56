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
    /// (<see cref="LinearScorer.OneSlotToScalar"/>); binary labels are <c>Score &gt; 0</c> (Expression); a multiclass index is
    /// mapped to the label's class value (MapValue) and then to a key with the label's KeyValues (MapValueToKey).
    /// </summary>
    internal sealed class ScoringChain
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
            chain.Fit(ml.Transforms.ApplyOnnxModel(RowOnnxOutputs(tasks).ToArray(), new[] { featureColumnName }, new MemoryStream(rowOnnxModel)));
            foreach (var task in tasks)
                chain.AddTask(task);
            if (inputHasScore)
                chain.Copy(LinearScorer.ScoreColumn, OutputColumnNames.SavedInputScore, temporaryOutput: false);
            else
                chain.temporary.Add(LinearScorer.ScoreColumn);
            chain.Fit(ml.Transforms.DropColumns(chain.temporary.Distinct().ToArray()));
            return new TransformerChain<ITransformer>(chain.parts.ToArray());
        }

        /// <summary>The columns a task adds to the data, as the user sees them.</summary>
        public static IEnumerable<string> UserOutputs(BoundTask task) => task.Kind switch
        {
            TaskKind.BinaryClassification => new[] { OutputColumnNames.Score(task.Name), OutputColumnNames.Probability(task.Name), OutputColumnNames.PredictedLabel(task.Name) },
            TaskKind.MulticlassClassification => new[] { OutputColumnNames.Score(task.Name), OutputColumnNames.PredictedLabel(task.Name) },
            _ => new[] { OutputColumnNames.Score(task.Name) },
        };

        /// <summary>
        /// The columns the chain creates and drops again. An input column of the same name would be replaced and then
        /// dropped, so the trainer and the transformer refuse such an input.
        /// </summary>
        public static IEnumerable<string> InternalColumns(IReadOnlyCollection<BoundTask> tasks)
        {
            var user = new HashSet<string>(tasks.SelectMany(UserOutputs));
            return RowOnnxOutputs(tasks)
                .Concat(tasks.Where(t => t.Kind == TaskKind.MulticlassClassification).Select(t => OutputColumnNames.ClassValue(t.Name)))
                .Append(OutputColumnNames.SavedInputScore)
                .Where(name => !user.Contains(name));
        }

        /// <summary>The outputs of the row-form ONNX graph, in the order the exporter writes them.</summary>
        public static IEnumerable<string> RowOnnxOutputs(IEnumerable<BoundTask> tasks) => tasks.SelectMany(t => t.Kind switch
        {
            TaskKind.Regression when t.VectorLabel => new[] { OutputColumnNames.Score(t.Name) },
            TaskKind.Regression => new[] { OutputColumnNames.OneSlot(OutputColumnNames.Score(t.Name)) },
            TaskKind.BinaryClassification => new[] { OutputColumnNames.OneSlot(OutputColumnNames.Score(t.Name)), OutputColumnNames.OneSlot(OutputColumnNames.Probability(t.Name)) },
            _ => new[] { OutputColumnNames.Score(t.Name), OutputColumnNames.OneSlot(OutputColumnNames.ClassIndex(t.Name)) },
        });

        private void AddTask(BoundTask task)
        {
            string score = OutputColumnNames.Score(task.Name);
            switch (task.Kind)
            {
                case TaskKind.Regression when task.VectorLabel:
                    break;
                case TaskKind.Regression:
                    Scalar(score);
                    break;
                case TaskKind.BinaryClassification:
                    Scalar(score);
                    Scalar(OutputColumnNames.Probability(task.Name));
                    Fit(ml.Transforms.Expression(OutputColumnNames.PredictedLabel(task.Name), "x => x > 0", score));
                    break;
                default:
                    string index = OutputColumnNames.ClassIndex(task.Name);
                    string value = OutputColumnNames.ClassValue(task.Name);
                    Scalar(index);
                    temporary.Add(index);
                    Fit(ClassValueMapping.Create(ml, value, index, task.Classes));
                    temporary.Add(value);
                    Fit(ml.Transforms.Conversion.MapValueToKey(OutputColumnNames.PredictedLabel(task.Name), value,
                        keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence,
                        keyData: task.Classes.ToDataView(ml)));
                    break;
            }
        }

        // ONNX's one-slot vector "column#slot" -> scalar "column".
        private void Scalar(string column)
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

        private void Fit(IEstimator<ITransformer> estimator) => Add(estimator.Fit(new SchemaOnlyDataView(schema)));

        private void Add(ITransformer transformer)
        {
            parts.Add(transformer);
            schema = transformer.GetOutputSchema(schema);
        }
    }
}
