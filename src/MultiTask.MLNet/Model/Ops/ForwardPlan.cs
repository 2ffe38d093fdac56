using System;
using System.Collections.Generic;
using System.Linq;

namespace MultiTask.MLNet.Model.Ops
{
    /// <summary>
    /// A network's forward pass for one sample, compiled once from its layout (<see cref="PlanBuilder"/>): a fixed list of
    /// steps over preallocated buffers with the parameters already resolved, so a prediction allocates nothing and looks
    /// nothing up. Scoring only: dropout is the identity. The plan only reads, so threads may share it; each thread runs it
    /// in a <see cref="Workspace"/> of its own.
    /// </summary>
    internal sealed class ForwardPlan
    {
        private readonly Action<float[][]>[] steps;
        private readonly int[] slotSizes;
        private readonly int[] outputSlots;

        public ForwardPlan(IReadOnlyList<Action<float[][]>> steps, IReadOnlyList<int> slotSizes, IReadOnlyList<int> outputSlots)
        {
            this.steps = steps.ToArray();
            this.slotSizes = slotSizes.ToArray();
            this.outputSlots = outputSlots.ToArray();
        }

        /// <summary>The plan of <paramref name="layout"/>'s network with the trained <paramref name="weights"/>.</summary>
        public static ForwardPlan Compile(NetworkLayout layout, StateDict weights)
        {
            var builder = new PlanBuilder(weights);
            var input = builder.Input(layout.InputSize);
            return builder.Build(layout.Forward(builder, input));
        }

        public Workspace NewWorkspace() => new Workspace(this);

        /// <summary>The buffers one thread runs the plan in: write <see cref="Input"/>, <see cref="Run"/>, read <see cref="Output"/>.</summary>
        public sealed class Workspace
        {
            private readonly ForwardPlan plan;
            private readonly float[][] buffers;

            public Workspace(ForwardPlan plan)
            {
                this.plan = plan;
                buffers = plan.slotSizes.Select(size => new float[size]).ToArray();
            }

            public Span<float> Input => buffers[0];

            public void Run()
            {
                foreach (var step in plan.steps)
                    step(buffers);
            }

            /// <summary>Head <paramref name="k"/>'s raw output of the last <see cref="Run"/> (overwritten by the next).</summary>
            public ReadOnlySpan<float> Output(int k) => buffers[plan.outputSlots[k]];
        }
    }
}
