using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MultiTask.MLNet.Evaluation
{
    /// <summary>
    /// An IDataView that is its source except for one slot of one vector column, whose value in row i is
    /// <c>values[i]</c> (for permutation feature importance: the slot's values of the other rows, shuffled).
    /// </summary>
    internal sealed class SlotPermutedView : IDataView
    {
        private readonly IDataView source;
        private readonly int column;
        private readonly int slot;
        private readonly float[] values;

        public SlotPermutedView(IDataView source, int column, int slot, float[] values)
        {
            this.source = source;
            this.column = column;
            this.slot = slot;
            this.values = values;
        }

        public bool CanShuffle => false;

        public DataViewSchema Schema => source.Schema;

        public long? GetRowCount() => source.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random rand = null)
            => new Cursor(this, source.GetRowCursor(columnsNeeded));

        // One cursor keeps row positions, which the replacement values are indexed by.
        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random rand = null)
            => new[] { GetRowCursor(columnsNeeded, rand) };

        private sealed class Cursor : DataViewRowCursor
        {
            private readonly SlotPermutedView view;
            private readonly DataViewRowCursor inner;

            public Cursor(SlotPermutedView view, DataViewRowCursor inner)
            {
                this.view = view;
                this.inner = inner;
            }

            public override DataViewSchema Schema => inner.Schema;
            public override long Position => inner.Position;
            public override long Batch => inner.Batch;
            public override bool MoveNext() => inner.MoveNext();
            public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);
            public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                if (column.Index != view.column)
                    return inner.GetGetter<TValue>(column);
                var read = inner.GetGetter<VBuffer<float>>(column);
                VBuffer<float> original = default;
                ValueGetter<VBuffer<float>> permuted = (ref VBuffer<float> value) =>
                {
                    read(ref original);
                    var editor = VBufferEditor.Create(ref value, original.Length);
                    original.CopyTo(editor.Values);
                    editor.Values[view.slot] = view.values[inner.Position];
                    value = editor.Commit();
                };
                return (ValueGetter<TValue>)(Delegate)permuted;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                    inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }
}
