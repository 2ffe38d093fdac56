using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using MultiTask.MLNet.Tasks;

namespace MultiTask.MLNet.Data
{
    /// <summary>Copies features, labels and weights out of an IDataView in one cursor pass, checking them as it goes.</summary>
    internal static class TrainingDataReader
    {
        public static TrainingData Read(IDataView data, string featureColumn, IReadOnlyList<BoundTask> tasks,
            string weightColumn, Runtime.FitCancellation cancellation, string dataName)
        {
            using var reader = new TrainingRowReader(data, featureColumn, tasks, weightColumn, cancellation, dataName);
            int d = reader.FeatureCount;
            long expectedRows = data.GetRowCount() ?? 1024;
            var x = new GrowableFloats(expectedRows * d);
            var values = reader.LabelWidths.Select(w => new GrowableFloats(expectedRows * w)).ToArray();
            var masks = tasks.Select(_ => new GrowableFloats(expectedRows)).ToArray();
            var weights = reader.HasWeights ? new GrowableFloats(expectedRows) : null;
            while (reader.MoveNext())
            {
                reader.ReadFeatures(x.Append(d));
                for (int k = 0; k < tasks.Count; k++)
                    masks[k].Add(reader.ReadLabel(k, values[k].Append(reader.LabelWidths[k])));
                weights?.Add(reader.ReadWeight());
            }
            long rows = reader.Position + 1;
            if (rows == 0)
                throw new InvalidOperationException($"The {dataName} has no rows.");
            var labels = tasks.Select((_, k) => new TaskLabels(reader.LabelWidths[k], values[k].ToArray(), masks[k].ToArray())).ToArray();
            return new TrainingData((int)rows, d, x.ToArray(), labels, weights?.ToArray());
        }
    }
}
