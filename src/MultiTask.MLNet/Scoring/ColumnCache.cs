using System;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MultiTask.MLNet.Scoring
{
    /// <summary>
    /// The values of one input column for the rows of a batch, read while the input cursor runs ahead of the rows
    /// served, so that a passed-through column still gives each row its own value. Vectors are copied.
    /// </summary>
    internal abstract class ColumnCache
    {
        public static ColumnCache Create(DataViewRowCursor cursor, DataViewSchema.Column column, int capacity)
        {
            var raw = column.Type.RawType;
            var type = raw.IsGenericType && raw.GetGenericTypeDefinition() == typeof(VBuffer<>)
                ? typeof(VectorCache<>).MakeGenericType(raw.GetGenericArguments()[0])
                : typeof(ValueCache<>).MakeGenericType(raw);
            return (ColumnCache)Activator.CreateInstance(type, cursor, column, capacity);
        }

        /// <summary>The cursor's row ids, so that each served row keeps its input row's id.</summary>
        public static ColumnCache RowIds(DataViewRowCursor cursor, int capacity) => new ValueCache<DataViewRowId>(cursor.GetIdGetter(), capacity);

        /// <summary>Reads the cursor's current value into <paramref name="slot"/>.</summary>
        public abstract void Read(int slot);

        /// <summary>A getter of the value in the slot <paramref name="slot"/> gives.</summary>
        public abstract Delegate Getter(Func<int> slot);

        private sealed class ValueCache<T> : ColumnCache
        {
            private readonly ValueGetter<T> get;
            private readonly T[] values;

            public ValueCache(DataViewRowCursor cursor, DataViewSchema.Column column, int capacity)
                : this(cursor.GetGetter<T>(column), capacity)
            {
            }

            public ValueCache(ValueGetter<T> get, int capacity)
            {
                this.get = get;
                values = new T[capacity];
            }

            public override void Read(int slot) => get(ref values[slot]);

            public override Delegate Getter(Func<int> slot) => (ValueGetter<T>)((ref T value) => value = values[slot()]);
        }

        private sealed class VectorCache<T> : ColumnCache
        {
            private readonly ValueGetter<VBuffer<T>> get;
            private readonly VBuffer<T>[] values;
            private VBuffer<T> current;

            public VectorCache(DataViewRowCursor cursor, DataViewSchema.Column column, int capacity)
            {
                get = cursor.GetGetter<VBuffer<T>>(column);
                values = new VBuffer<T>[capacity];
            }

            public override void Read(int slot)
            {
                get(ref current);
                current.CopyTo(ref values[slot]);
            }

            public override Delegate Getter(Func<int> slot) => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) => values[slot()].CopyTo(ref value));
        }
    }
}
