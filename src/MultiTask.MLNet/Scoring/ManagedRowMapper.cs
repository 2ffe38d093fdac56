using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MultiTask.MLNet.Model.Ops;
using MultiTask.MLNet.Tasks;

namespace MultiTask.MLNet.Scoring
{
    /// <summary>
    /// The row-to-row mapper of a trained multi-task model (what PredictionEngine uses): the network runs in managed code
    /// (<see cref="ForwardPlan"/>) on the row's features, and each task's rules give its columns. The output schema is the
    /// scoring chain's own, annotations included, so the values and types are those of the ONNX path; only the per-row
    /// cost differs (no ONNX Runtime call, no chain of ML.NET transforms).
    /// </summary>
    internal sealed class ManagedRowMapper : IRowToRowMapper
    {
        private readonly MultiTaskModelParameters model;
        private readonly TaskOutputColumns taskColumns;
        private readonly ForwardPlan plan;

        public ManagedRowMapper(MultiTaskModelParameters model, ForwardPlan plan, DataViewSchema inputSchema, DataViewSchema outputSchema)
        {
            this.model = model;
            this.plan = plan;
            InputSchema = inputSchema;
            OutputSchema = outputSchema;
            taskColumns = new TaskOutputColumns(model.BoundTasks);
        }

        public DataViewSchema InputSchema { get; }

        public DataViewSchema OutputSchema { get; }

        public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
            => dependingColumns.Select(c => IsTaskColumn(c) ? InputSchema[model.FeatureColumnName] : InputSchema.GetColumnOrNull(c.Name))
                .Where(c => c.HasValue).Select(c => c.Value).Distinct().ToList();

        public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
            => new MappedRow(this, input, new HashSet<int>(activeColumns.Select(c => c.Index)));

        private bool IsTaskColumn(DataViewSchema.Column column) => taskColumns.Contains(column);

        private sealed class MappedRow : DataViewRow
        {
            private readonly ManagedRowMapper mapper;
            private readonly DataViewRow input;
            private readonly HashSet<int> active;
            private readonly Dictionary<string, Delegate> getters;
            private readonly ValueGetter<VBuffer<float>> features;
            private readonly ForwardPlan.Workspace workspace;
            private readonly float[][] outputs;
            private VBuffer<float> featureBuffer;
            // The input position the outputs belong to; no row has this one.
            private long computedAt = long.MinValue;

            public MappedRow(ManagedRowMapper mapper, DataViewRow input, HashSet<int> active)
            {
                this.mapper = mapper;
                this.input = input;
                this.active = active;
                if (mapper.OutputSchema.Any(c => active.Contains(c.Index) && mapper.IsTaskColumn(c)))
                    features = input.GetGetter<VBuffer<float>>(input.Schema[mapper.model.FeatureColumnName]);
                getters = TaskOutputColumns.Getters(mapper.model.BoundTasks, k => Outputs()[k]);
                workspace = mapper.plan.NewWorkspace();
                outputs = mapper.model.Layout.Heads.Select(h => new float[h.OutputSize]).ToArray();
            }

            public override DataViewSchema Schema => mapper.OutputSchema;

            public override long Position => input.Position;

            public override long Batch => input.Batch;

            public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

            public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                if (!IsColumnActive(column))
                    throw new InvalidOperationException($"Column '{column.Name}' is not active in this row.");
                if (!mapper.IsTaskColumn(column))
                    return input.GetGetter<TValue>(input.Schema[column.Name]);
                return getters[column.Name] as ValueGetter<TValue> ?? throw new InvalidOperationException(
                    $"Column '{column.Name}' is of type {column.Type}; it cannot be read as {typeof(TValue).Name}.");
            }

            // The network runs once per input row, whichever columns are read.
            private float[][] Outputs()
            {
                if (computedAt == input.Position)
                    return outputs;
                features(ref featureBuffer);
                if (featureBuffer.Length != workspace.Input.Length)
                    throw new InvalidOperationException($"Row {input.Position}: column '{mapper.model.FeatureColumnName}' has {featureBuffer.Length} values; the model reads {workspace.Input.Length}.");
                featureBuffer.CopyTo(workspace.Input);
                workspace.Run();
                var heads = mapper.model.Layout.Heads;
                for (int k = 0; k < outputs.Length; k++)
                    Unscale(workspace.Output(k), heads[k].Scaling, outputs[k]);
                computedAt = input.Position;
                return outputs;
            }

            private static void Unscale(ReadOnlySpan<float> raw, Model.LabelScaling scaling, float[] output)
            {
                if (scaling == null)
                    raw.CopyTo(output);
                else
                    for (int i = 0; i < raw.Length; i++)
                        output[i] = raw[i] * scaling.Scale[i] + scaling.Mean[i];
            }
        }
    }
}
