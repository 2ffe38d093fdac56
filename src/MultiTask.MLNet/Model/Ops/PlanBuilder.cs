using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;

namespace MultiTask.MLNet.Model.Ops
{
    /// <summary>
    /// The interpreter of <see cref="INetworkOps{T}"/> that runs nothing: each operation resolves its parameters, gives
    /// its result a buffer and records the step that will compute it, so that <see cref="ForwardPlan"/> replays the
    /// network for one sample at a time. Every result gets a buffer of its own, because a value may feed several
    /// operations (the shared representation feeds every head).
    /// </summary>
    internal sealed class PlanBuilder : INetworkOps<PlannedValue>
    {
        private readonly StateDict state;
        private readonly List<int> slotSizes = new List<int>();
        private readonly List<Action<float[][]>> steps = new List<Action<float[][]>>();

        public PlanBuilder(StateDict state) => this.state = state;

        /// <summary>The sample's features: the first buffer, which the caller fills.</summary>
        public PlannedValue Input(int size)
        {
            if (slotSizes.Count != 0)
                throw new InvalidOperationException("The input must be the plan's first value.");
            return NewValue(new[] { size });
        }

        public ForwardPlan Build(IReadOnlyList<PlannedValue> outputs) => new ForwardPlan(steps, slotSizes, outputs.Select(o => o.Slot).ToArray());

        public PlannedValue Parameter(string name)
        {
            var values = state[name].Values;
            var y = NewValue(state[name].Shape.Select(d => (int)d).ToArray());
            steps.Add(b => values.CopyTo(b[y.Slot], 0));
            return y;
        }

        public PlannedValue Linear(PlannedValue x, string weight, string bias)
        {
            var w = state[weight];
            var b = state[bias].Values;
            int outputs = (int)w.Shape[0], inputs = (int)w.Shape[1];
            if (x.Size != inputs)
                throw new InvalidOperationException($"Layer '{weight}' reads {inputs} values; its input has {x.Size}.");
            var y = NewValue(new[] { outputs });
            if (outputs >= SampleKernels.ColumnWidth)
            {
                var columns = SampleKernels.Transpose(w.Values, outputs, inputs);
                steps.Add(s => SampleKernels.LinearByColumns(s[x.Slot], columns, b, s[y.Slot]));
            }
            else
            {
                var rows = w.Values;
                steps.Add(s => SampleKernels.LinearByRows(s[x.Slot], rows, b, s[y.Slot]));
            }
            return y;
        }

        public PlannedValue Activate(PlannedValue x, Activation activation)
        {
            var y = NewValue(x.SampleShape);
            steps.Add(s => SampleKernels.Activate(s[x.Slot], activation, s[y.Slot]));
            return y;
        }

        public PlannedValue Dropout(PlannedValue x, float p) => x;

        public PlannedValue Conv2d(PlannedValue x, string weight, string bias, int stride, int padding)
        {
            var w = state[weight];
            var b = state[bias].Values;
            int channels = x.SampleShape[0], height = x.SampleShape[1], width = x.SampleShape[2], kernel = (int)w.Shape[2];
            var y = NewValue(new[] { b.Length, (height + 2 * padding - kernel) / stride + 1, (width + 2 * padding - kernel) / stride + 1 });
            steps.Add(s => SampleKernels.Conv2d(s[x.Slot], channels, height, width, w.Values, b, kernel, stride, padding, s[y.Slot]));
            return y;
        }

        public PlannedValue MaxPool2d(PlannedValue x, int size)
        {
            int channels = x.SampleShape[0], height = x.SampleShape[1], width = x.SampleShape[2];
            var y = NewValue(new[] { channels, height / size, width / size });
            steps.Add(s => SampleKernels.MaxPool2d(s[x.Slot], channels, height, width, size, s[y.Slot]));
            return y;
        }

        // The same buffer seen with another shape: nothing to run.
        public PlannedValue Reshape(PlannedValue x, IReadOnlyList<long> sampleShape)
        {
            var y = new PlannedValue(x.Slot, sampleShape.Select(d => (int)d).ToArray());
            if (y.Size != x.Size)
                throw new InvalidOperationException($"A value of {x.Size} values cannot be reshaped to [{string.Join(", ", sampleShape)}].");
            return y;
        }

        public PlannedValue Softmax(PlannedValue x)
        {
            var y = NewValue(x.SampleShape);
            steps.Add(s => Runtime.StableSoftmax.Compute(s[x.Slot], s[y.Slot]));
            return y;
        }

        public PlannedValue Mix(PlannedValue weights, IReadOnlyList<PlannedValue> values)
        {
            var y = NewValue(values[0].SampleShape);
            var slots = values.Select(v => v.Slot).ToArray();
            steps.Add(s => Combine(s, slots, s[weights.Slot], s[y.Slot]));
            return y;
        }

        public IReadOnlyList<PlannedValue> Stitch(string unit, IReadOnlyList<PlannedValue> columns, IReadOnlyList<long> sampleShape)
        {
            var u = state[unit].Values;
            int k = columns.Count;
            var slots = columns.Select(c => c.Slot).ToArray();
            return columns.Select((c, i) =>
            {
                var y = NewValue(c.SampleShape);
                steps.Add(s => Combine(s, slots, u.AsSpan(i * k, k), s[y.Slot]));
                return y;
            }).ToArray();
        }

        // y = sum_e weights[e] x_e over the values in the buffers `slots`: MMoE's and PLE's gated mixtures, cross-stitch's units.
        private static void Combine(float[][] buffers, int[] slots, ReadOnlySpan<float> weights, Span<float> y)
        {
            y.Clear();
            for (int e = 0; e < slots.Length; e++)
                TensorPrimitives.MultiplyAdd(buffers[slots[e]], weights[e], y, y);
        }

        private PlannedValue NewValue(IReadOnlyList<int> sampleShape)
        {
            var value = new PlannedValue(slotSizes.Count, sampleShape);
            slotSizes.Add(value.Size);
            return value;
        }
    }
}
