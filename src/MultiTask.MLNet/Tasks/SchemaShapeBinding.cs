using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MultiTask.MLNet.Tasks
{
    /// <summary>
    /// The checks of <see cref="BoundTask.Bind"/> and <see cref="SchemaChecks"/> on a <see cref="SchemaShape"/>,
    /// which knows kinds and item types but not vector sizes or key values (see <see cref="Kinds.TaskKindRules.BindShape"/>).
    /// </summary>
    internal static class SchemaShapeBinding
    {
        public static BoundTask Bind(TaskSpec spec, SchemaShape schema)
        {
            if (!TryFind(schema, spec.LabelColumnName, out var column))
                throw new ArgumentOutOfRangeException(nameof(schema),
                    $"Label column '{spec.LabelColumnName}' of task '{spec.Name}' is not in the input schema; expected {spec.Rules.ExpectedLabel}.");
            if (spec.HasLabelColumnName != null && (!TryFind(schema, spec.HasLabelColumnName, out var has) || has.ItemType != BooleanDataViewType.Instance || has.Kind != SchemaShape.Column.VectorKind.Scalar))
                throw new ArgumentOutOfRangeException(nameof(schema),
                    $"Has-label column '{spec.HasLabelColumnName}' of task '{spec.Name}' is missing from the input schema or not Boolean; expected Boolean.");
            return spec.Rules.BindShape(spec, column) ?? throw new ArgumentOutOfRangeException(nameof(schema),
                $"Label column '{spec.LabelColumnName}' of task '{spec.Name}' has type {Describe(column)}; expected {spec.Rules.ExpectedLabel}.");
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
