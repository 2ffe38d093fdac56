using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

// Usage: ConsumeOnly <model.zip> <input.csv> [output.csv]
// Loads a model saved with mlContext.Model.Save (for example by samples/Quickstart) with a plain MLContext
// and scores a CSV whose header names the model's input columns; a vector column of n values is given as
// n columns named Column0 ... Column{n-1}. Writes every output column of the model as CSV.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: ConsumeOnly <model.zip> <input.csv> [output.csv]");
    return 2;
}
var ml = new MLContext();
var model = ml.Model.Load(args[0], out var inputSchema);
var loader = ml.Data.CreateTextLoader(InputColumns(inputSchema), separatorChar: ',', hasHeader: true);
var scored = model.Transform(loader.Load(args[1]));

using var output = args.Length > 2 ? new StreamWriter(args[2]) : new StreamWriter(Console.OpenStandardOutput());
var columns = scored.Schema.Where(c => !c.IsHidden && inputSchema.GetColumnOrNull(c.Name) == null).ToList();
output.WriteLine(string.Join(",", columns.Select(c => c.Name)));
using (var cursor = scored.GetRowCursor(columns))
{
    var getters = columns.Select(c => Formatter(cursor, c)).ToList();
    while (cursor.MoveNext())
        output.WriteLine(string.Join(",", getters.Select(g => g())));
}
return 0;

// A TextLoader column per input column: same name and type, vectors spread over consecutive CSV fields.
static TextLoader.Column[] InputColumns(DataViewSchema schema)
{
    int next = 0;
    return schema.Where(c => !c.IsHidden).Select(c =>
    {
        int width = c.Type is VectorDataViewType v ? v.Size : 1;
        var kind = (c.Type is VectorDataViewType vec ? vec.ItemType : c.Type).RawType switch
        {
            Type t when t == typeof(float) => DataKind.Single,
            Type t when t == typeof(bool) => DataKind.Boolean,
            Type t when t == typeof(double) => DataKind.Double,
            _ => DataKind.String,
        };
        var column = new TextLoader.Column(c.Name, kind, next, next + width - 1);
        next += width;
        return column;
    }).ToArray();
}

// Prints one output column of the current row: numbers invariant and round-trippable, vectors joined by ';',
// keys as their KeyValues where the column has them.
static Func<string> Formatter(DataViewRowCursor cursor, DataViewSchema.Column column)
{
    var c = CultureInfo.InvariantCulture;
    switch (column.Type)
    {
        case VectorDataViewType v when v.ItemType == NumberDataViewType.Single:
        {
            var get = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> value = default;
            return () => { get(ref value); return string.Join(";", value.DenseValues().Select(x => x.ToString("R", c))); };
        }
        case KeyDataViewType:
        {
            var get = cursor.GetGetter<uint>(column);
            VBuffer<ReadOnlyMemory<char>> names = default;
            bool named = column.Annotations.Schema.GetColumnOrNull("KeyValues") != null;
            if (named)
                column.GetKeyValues(ref names);
            var values = named ? names.DenseValues().Select(n => n.ToString()).ToArray() : null;
            uint key = 0;
            return () => { get(ref key); return key == 0 ? "" : values?[key - 1] ?? key.ToString(c); };
        }
        case TextDataViewType:
        {
            var get = cursor.GetGetter<ReadOnlyMemory<char>>(column);
            ReadOnlyMemory<char> value = default;
            return () => { get(ref value); return value.ToString(); };
        }
        case BooleanDataViewType:
        {
            var get = cursor.GetGetter<bool>(column);
            bool value = false;
            return () => { get(ref value); return value ? "true" : "false"; };
        }
        default:
        {
            var get = cursor.GetGetter<float>(column);
            float value = 0;
            return () => { get(ref value); return value.ToString("R", c); };
        }
    }
}
