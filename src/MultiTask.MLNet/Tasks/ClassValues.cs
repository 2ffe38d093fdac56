using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MultiTask.MLNet.Tasks
{
    /// <summary>
    /// The values that name the classes of a key-typed label (its KeyValues annotation), in key order.
    /// The ONNX graph emits the chosen value and ML.NET maps it back to a key with these same KeyValues.
    /// </summary>
    internal sealed class ClassValues
    {
        private ClassValues(PrimitiveDataViewType itemType, Array values)
        {
            ItemType = itemType;
            Values = values;
        }

        /// <summary>Text, Single, Double, Int32 or Int64.</summary>
        public PrimitiveDataViewType ItemType { get; }

        /// <summary>string[], float[], double[], int[] or long[], one entry per class.</summary>
        public Array Values { get; }

        public int Count => Values.Length;

        /// <summary>
        /// A value of the class type that is no class: what a row that cannot be scored predicts. Empty text, NaN for
        /// floating-point classes (both are what ML.NET's MapKeyToValue gives for a missing key), and for integer classes
        /// (which have no missing value) the smallest value of the type that is not a class.
        /// </summary>
        public object Missing => Values switch
        {
            string[] s => Enumerable.Range(0, s.Length + 1).Select(i => new string('?', i)).First(v => Array.IndexOf(s, v) < 0),
            float[] => float.NaN,
            double[] => double.NaN,
            int[] i => Enumerable.Range(0, i.Length + 1).Select(k => int.MinValue + k).First(v => Array.IndexOf(i, v) < 0),
            long[] l => Enumerable.Range(0, l.Length + 1).Select(k => long.MinValue + k).First(v => Array.IndexOf(l, v) < 0),
            _ => throw new InvalidOperationException("Unsupported class value array."),
        };

        /// <summary><see cref="Missing"/> as a one-element array of the class type.</summary>
        public Array MissingAsArray()
        {
            var array = Array.CreateInstance(Values.GetType().GetElementType(), 1);
            array.SetValue(Missing, 0);
            return array;
        }

        /// <summary>Reads the KeyValues of <paramref name="column"/>; without them the classes are named "0", "1", ...</summary>
        public static ClassValues FromKeyColumn(DataViewSchema.Column column, int classCount)
        {
            var annotation = column.Annotations.Schema.GetColumnOrNull("KeyValues");
            if (annotation == null || annotation.Value.Type is not VectorDataViewType vector)
                return new ClassValues(TextDataViewType.Instance, Enumerable.Range(0, classCount).Select(i => i.ToString()).ToArray());
            var item = vector.ItemType;
            if (item is TextDataViewType)
                return new ClassValues(item, Read<ReadOnlyMemory<char>>(column).Select(v => v.ToString()).ToArray());
            if (item == NumberDataViewType.Single)
                return new ClassValues(item, Read<float>(column));
            if (item == NumberDataViewType.Double)
                return new ClassValues(item, Read<double>(column));
            if (item == NumberDataViewType.Int32)
                return new ClassValues(item, Read<int>(column));
            if (item == NumberDataViewType.Int64)
                return new ClassValues(item, Read<long>(column));
            throw new ArgumentOutOfRangeException(nameof(column),
                $"The KeyValues of label column '{column.Name}' are of type {item}; supported: Text, Single, Double, Int32, Int64. " +
                "Map the label to text before MapValueToKey.");
        }

        /// <summary>Stand-in values of the right type, for schema propagation where only the types are known.</summary>
        public static ClassValues Placeholder(DataViewType itemType, int count)
        {
            var indices = Enumerable.Range(0, count);
            if (itemType == NumberDataViewType.Single) return new ClassValues(NumberDataViewType.Single, indices.Select(i => (float)i).ToArray());
            if (itemType == NumberDataViewType.Double) return new ClassValues(NumberDataViewType.Double, indices.Select(i => (double)i).ToArray());
            if (itemType == NumberDataViewType.Int32) return new ClassValues(NumberDataViewType.Int32, indices.ToArray());
            if (itemType == NumberDataViewType.Int64) return new ClassValues(NumberDataViewType.Int64, indices.Select(i => (long)i).ToArray());
            return new ClassValues(TextDataViewType.Instance, indices.Select(i => i.ToString()).ToArray());
        }

        /// <summary>Values written as invariant strings by the model description, back in their type.</summary>
        public static ClassValues Parse(string rawTypeName, string[] values)
        {
            var c = System.Globalization.CultureInfo.InvariantCulture;
            return rawTypeName switch
            {
                nameof(Single) => new ClassValues(NumberDataViewType.Single, values.Select(v => float.Parse(v, c)).ToArray()),
                nameof(Double) => new ClassValues(NumberDataViewType.Double, values.Select(v => double.Parse(v, c)).ToArray()),
                nameof(Int32) => new ClassValues(NumberDataViewType.Int32, values.Select(v => int.Parse(v, c)).ToArray()),
                nameof(Int64) => new ClassValues(NumberDataViewType.Int64, values.Select(v => long.Parse(v, c)).ToArray()),
                _ => new ClassValues(TextDataViewType.Instance, values),
            };
        }

        /// <summary>A one-column IDataView with the values, as MapValueToKey's keyData expects.</summary>
        public IDataView ToDataView(MLContext ml) => Values switch
        {
            string[] s => ml.Data.LoadFromEnumerable(s.Select(v => new Row<string> { Value = v })),
            float[] f => ml.Data.LoadFromEnumerable(f.Select(v => new Row<float> { Value = v })),
            double[] d => ml.Data.LoadFromEnumerable(d.Select(v => new Row<double> { Value = v })),
            int[] i => ml.Data.LoadFromEnumerable(i.Select(v => new Row<int> { Value = v })),
            long[] l => ml.Data.LoadFromEnumerable(l.Select(v => new Row<long> { Value = v })),
            _ => throw new InvalidOperationException("Unsupported class value array."),
        };

        private static T[] Read<T>(DataViewSchema.Column column)
        {
            VBuffer<T> buffer = default;
            column.GetKeyValues(ref buffer);
            return buffer.DenseValues().ToArray();
        }

        private sealed class Row<T>
        {
            public T Value { get; set; }
        }
    }
}
