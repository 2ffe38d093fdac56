using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MultiTask.MLNet.Scoring
{
    /// <summary>An IDataView with a schema and no rows: what the scoring chain's estimators are fitted on, since none reads data.</summary>
    internal sealed class SchemaOnlyDataView : IDataView
    {
        public SchemaOnlyDataView(DataViewSchema schema) => Schema = schema;

        public bool CanShuffle => true;
        public DataViewSchema Schema { get; }

        public long? GetRowCount() => 0;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random rand = null) => new Cursor(Schema);

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random rand = null)
            => new DataViewRowCursor[] { new Cursor(Schema) };

        private sealed class Cursor : DataViewRowCursor
        {
            public Cursor(DataViewSchema schema) => Schema = schema;

            public override DataViewSchema Schema { get; }
            public override long Position => -1;
            public override long Batch => 0;

            public override bool MoveNext() => false;
            public override bool IsColumnActive(DataViewSchema.Column column) => true;

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
                => (ref TValue value) => throw new InvalidOperationException("The cursor has no rows.");

            public override ValueGetter<DataViewRowId> GetIdGetter()
                => (ref DataViewRowId value) => throw new InvalidOperationException("The cursor has no rows.");
        }
    }
}
