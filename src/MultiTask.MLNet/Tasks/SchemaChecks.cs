using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MultiTask.MLNet.Tasks
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

        /// <summary>Throws when <paramref name="schema"/> already has a column the tasks would add or the scoring chain uses.</summary>
        public static void NoOutputCollisions(DataViewSchema schema, IReadOnlyCollection<BoundTask> tasks, string dataName)
            => NoCollisions(tasks, dataName, name => schema.GetColumnOrNull(name) != null);

        /// <summary>The same check for any schema representation, given a test of whether it has a column.</summary>
        public static void NoCollisions(IReadOnlyCollection<BoundTask> tasks, string dataName, Func<string, bool> hasColumn)
        {
            var output = tasks.SelectMany(TaskColumns.UserOutputs).FirstOrDefault(hasColumn);
            if (output != null)
                throw new ArgumentOutOfRangeException("schema", $"The {dataName} already has a column '{output}', which the multi-task model outputs. " +
                    "Rename or drop that column, or give the task another Name.");
            var internalName = TaskColumns.Scratch(tasks).FirstOrDefault(hasColumn);
            if (internalName != null)
                throw new ArgumentOutOfRangeException("schema", $"The {dataName} has a column '{internalName}', a name the multi-task model's " +
                    "scoring uses for an intermediate column; it would be dropped from the output. Rename that column.");
        }

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
