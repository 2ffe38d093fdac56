using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet.Scoring;
using MultiTask.MLNet.Tasks;

namespace MultiTask.MLNet.Data
{
    /// <summary>Checks of an input schema shared by the trainer (at Fit) and the transformer (at Transform).</summary>
    internal static class SchemaChecks
    {
        public const string ExpectedFeatures = "a known-size vector of Single (for example the output of Concatenate)";

        /// <summary>The size of the feature vector; throws naming the column when it is missing or of another type.</summary>
        public static int FeatureSize(DataViewSchema schema, string column, string dataName)
        {
            var found = schema.GetColumnOrNull(column) ?? throw new ArgumentOutOfRangeException(nameof(schema),
                $"Feature column '{column}' is not in the {dataName}; expected {ExpectedFeatures}.");
            if (found.Type is VectorDataViewType v && v.ItemType == NumberDataViewType.Single && v.IsKnownSize)
                return v.Size;
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Feature column '{column}' has type {found.Type}; expected {ExpectedFeatures}.");
        }

        /// <summary>Throws when <paramref name="schema"/> already has a column the tasks would add.</summary>
        public static void NoOutputCollisions(DataViewSchema schema, IEnumerable<BoundTask> tasks, string dataName)
        {
            var collision = tasks.SelectMany(ScoringChain.UserOutputs).FirstOrDefault(name => schema.GetColumnOrNull(name) != null);
            if (collision != null)
                throw new ArgumentOutOfRangeException(nameof(schema), CollisionMessage(collision, dataName));
        }

        /// <summary>The error for an input column that a task output would hide.</summary>
        public static string CollisionMessage(string column, string dataName)
            => $"The {dataName} already has a column '{column}', which the multi-task model outputs. " +
               "Rename or drop that column, or give the task another Name.";

        /// <summary>Throws unless the example weight column exists and is Single.</summary>
        public static void ExampleWeight(DataViewSchema schema, string column, string dataName)
        {
            var found = schema.GetColumnOrNull(column) ?? throw new ArgumentOutOfRangeException(nameof(schema),
                $"Example weight column '{column}' is not in the {dataName}; expected Single.");
            if (found.Type != NumberDataViewType.Single)
                throw new ArgumentOutOfRangeException(nameof(schema), $"Example weight column '{column}' has type {found.Type}; expected Single.");
        }
    }
}
