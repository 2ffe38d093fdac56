using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using MultiTask.MLNet.Tasks;

namespace MultiTask.MLNet.Scoring
{
    /// <summary>
    /// The ML.NET estimators that score a multi-task ONNX graph: ML.NET's OnnxTransformer computes every
    /// output column; each multiclass task's chosen class value becomes a key with the label's KeyValues
    /// (MapValueToKey over the class values); the intermediate value columns are dropped. Only built-in
    /// transforms, so the fitted chain saves into an ordinary .zip and loads with nothing registered.
    /// </summary>
    internal static class ScoringChain
    {
        public static IEstimator<ITransformer> Create(MLContext ml, byte[] rowOnnxModel, string featureColumnName, IReadOnlyList<BoundTask> tasks)
        {
            var outputs = OnnxOutputs(tasks).ToArray();
            IEstimator<ITransformer> chain = ml.Transforms.ApplyOnnxModel(outputs, new[] { featureColumnName }, new MemoryStream(rowOnnxModel));
            var multiclass = tasks.Where(t => t.Kind == TaskKind.MulticlassClassification).ToList();
            foreach (var task in multiclass)
                chain = chain.Append(ml.Transforms.Conversion.MapValueToKey(
                    OutputColumnNames.PredictedLabel(task.Name), OutputColumnNames.PredictedValue(task.Name),
                    keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence,
                    keyData: task.Classes.ToDataView(ml)));
            if (multiclass.Count > 0)
                chain = chain.Append(ml.Transforms.DropColumns(multiclass.Select(t => OutputColumnNames.PredictedValue(t.Name)).ToArray()));
            return chain;
        }

        /// <summary>The columns a task adds to the data, as the user sees them.</summary>
        public static IEnumerable<string> UserOutputs(BoundTask task) => task.Kind switch
        {
            TaskKind.BinaryClassification => new[] { OutputColumnNames.Score(task.Name), OutputColumnNames.Probability(task.Name), OutputColumnNames.PredictedLabel(task.Name) },
            TaskKind.MulticlassClassification => new[] { OutputColumnNames.Score(task.Name), OutputColumnNames.PredictedLabel(task.Name) },
            _ => new[] { OutputColumnNames.Score(task.Name) },
        };

        private static IEnumerable<string> OnnxOutputs(IEnumerable<BoundTask> tasks)
            => tasks.SelectMany(t => t.Kind == TaskKind.MulticlassClassification
                ? new[] { OutputColumnNames.Score(t.Name), OutputColumnNames.PredictedValue(t.Name) }
                : UserOutputs(t));
    }
}
