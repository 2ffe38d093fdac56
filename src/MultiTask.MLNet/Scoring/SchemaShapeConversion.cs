using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MultiTask.MLNet.Scoring
{
    /// <summary>
    /// Lets the estimator's schema propagation run the real scoring chain: a <see cref="SchemaShape"/> becomes a
    /// stand-in <see cref="DataViewSchema"/> (known-size vectors get size 1), and the chain's new columns come back
    /// as shape columns. ML.NET 5 keeps <c>SchemaShape.Create(DataViewSchema)</c> internal, so it is called by reflection.
    /// </summary>
    internal static class SchemaShapeConversion
    {
        public static DataViewSchema ToStandIn(SchemaShape shape, string featureColumn, int featureSize)
        {
            var builder = new DataViewSchema.Builder();
            foreach (var column in shape)
                builder.AddColumn(column.Name, StandInType(column, column.Name == featureColumn ? featureSize : 1));
            return builder.ToSchema();
        }

        /// <summary>The input shape's columns followed by the columns <paramref name="output"/> adds under <paramref name="added"/> names.</summary>
        public static SchemaShape Append(SchemaShape input, DataViewSchema output, IEnumerable<string> added)
        {
            var names = new HashSet<string>(added);
            return new SchemaShape(input.Concat(FromSchema(output).Where(c => names.Contains(c.Name))));
        }

        /// <summary>The shape of a full schema (ML.NET's internal SchemaShape.Create).</summary>
        public static SchemaShape FromSchema(DataViewSchema schema)
        {
            Runtime.MlNetInternals.EnsureAvailable();
            return (SchemaShape)Runtime.MlNetInternals.SchemaShapeCreate.Invoke(null, new object[] { schema });
        }

        private static DataViewType StandInType(SchemaShape.Column column, int vectorSize) => column.Kind switch
        {
            SchemaShape.Column.VectorKind.Scalar when column.IsKey => new KeyDataViewType(column.ItemType.RawType, 2),
            SchemaShape.Column.VectorKind.Scalar => column.ItemType,
            SchemaShape.Column.VectorKind.Vector => new VectorDataViewType((PrimitiveDataViewType)column.ItemType, vectorSize),
            _ => new VectorDataViewType((PrimitiveDataViewType)column.ItemType),
        };
    }
}
