using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Scoring;

namespace MultiTask.MLNet.Tasks
{
    /// <summary>
    /// The checks of <see cref="BoundTask.Bind"/> and <see cref="SchemaChecks"/> on a <see cref="SchemaShape"/>,
    /// which knows kinds and item types but not vector sizes or key values: sizes become 1 and class values
    /// stand-ins of the right type, which is all schema propagation needs.
    /// </summary>
    internal static class SchemaShapeBinding
    {
        public static BoundTask Bind(TaskSpec spec, SchemaShape schema)
        {
            if (!TryFind(schema, spec.LabelColumnName, out var column))
                throw new ArgumentOutOfRangeException(nameof(schema),
                    $"Label column '{spec.LabelColumnName}' of task '{spec.Name}' is not in the input schema; expected {BoundTask.Expected(spec.Kind)}.");
            bool scalar = column.Kind == SchemaShape.Column.VectorKind.Scalar;
            if (spec.HasLabelColumnName != null && (!TryFind(schema, spec.HasLabelColumnName, out var has) || has.ItemType != BooleanDataViewType.Instance || has.Kind != SchemaShape.Column.VectorKind.Scalar))
                throw new ArgumentOutOfRangeException(nameof(schema),
                    $"Has-label column '{spec.HasLabelColumnName}' of task '{spec.Name}' is missing from the input schema or not Boolean; expected Boolean.");
            switch (spec.Kind)
            {
                case TaskKind.Regression when column.ItemType == NumberDataViewType.Single && !column.IsKey && scalar:
                    return BoundTask.Create(spec, 1, false, null);
                case TaskKind.Regression when column.ItemType == NumberDataViewType.Single && column.Kind == SchemaShape.Column.VectorKind.Vector:
                    return BoundTask.Create(spec, 1, true, null);
                case TaskKind.BinaryClassification when column.ItemType == BooleanDataViewType.Instance && scalar:
                    return BoundTask.Create(spec, 1, false, null);
                // A shape knows that a column is a key, not how many values it has: two stand-in classes.
                case TaskKind.MulticlassClassification when scalar && column.IsKey:
                    return BoundTask.Create(spec, 2, false, ClassValues.Placeholder(KeyValuesItemType(column), 2));
                default:
                    throw new ArgumentOutOfRangeException(nameof(schema),
                        $"Label column '{spec.LabelColumnName}' of task '{spec.Name}' has type {Describe(column)}; expected {BoundTask.Expected(spec.Kind)}.");
            }
        }

        public static void CheckFeatures(SchemaShape schema, string column)
        {
            if (!TryFind(schema, column, out var found))
                throw new ArgumentOutOfRangeException(nameof(schema), $"Feature column '{column}' is not in the input schema; expected {SchemaChecks.ExpectedFeatures}.");
            if (found.Kind != SchemaShape.Column.VectorKind.Vector || found.ItemType != NumberDataViewType.Single)
                throw new ArgumentOutOfRangeException(nameof(schema), $"Feature column '{column}' has type {Describe(found)}; expected {SchemaChecks.ExpectedFeatures}.");
        }

        public static void CheckNoCollisions(SchemaShape schema, IReadOnlyCollection<BoundTask> tasks)
            => SchemaChecks.NoCollisions(tasks, "input schema", name => TryFind(schema, name, out _));

        public static void CheckExampleWeight(SchemaShape schema, string column)
        {
            if (!TryFind(schema, column, out var found) || found.Kind != SchemaShape.Column.VectorKind.Scalar || found.ItemType != NumberDataViewType.Single)
                throw new ArgumentOutOfRangeException(nameof(schema), $"Example weight column '{column}' is missing or not Single.");
        }

        private static DataViewType KeyValuesItemType(SchemaShape.Column column)
        {
            var annotation = column.Annotations?.FirstOrDefault(a => a.Name == "KeyValues");
            return annotation?.Name == null ? TextDataViewType.Instance : annotation.Value.ItemType;
        }

        private static string Describe(SchemaShape.Column column) => column.Kind switch
        {
            SchemaShape.Column.VectorKind.Scalar => column.ItemType.ToString(),
            SchemaShape.Column.VectorKind.Vector => $"Vector<{column.ItemType}>",
            _ => $"variable-size Vector<{column.ItemType}>",
        };

        private static bool TryFind(SchemaShape schema, string name, out SchemaShape.Column column)
        {
            foreach (var c in schema)
                if (c.Name == name)
                {
                    column = c;
                    return true;
                }
            column = default;
            return false;
        }
    }
}
