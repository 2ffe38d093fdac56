using System;
using System.Linq;
using MultiTask.MLNet.Data;
using MultiTask.MLNet.Gradients;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Runtime;
using MultiTask.MLNet.Tasks;
using MultiTask.MLNet.Training.Sampling;
using MultiTask.MLNet.Training.Steps;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiTask.MLNet.Benchmarks
{
    /// <summary>
    /// One optimisation step (forward, task gradients, combination, Adam) of seed 000's trunk (250 inputs, 4 x 100 ReLU,
    /// K heads of 10 outputs, batch 100) with a given combiner and level; no combiner is the joint step.
    /// </summary>
    internal sealed class StepFixture
    {
        private const int Batch = 100;
        private readonly int tasks;
        private readonly DataTensors tensors;
        private readonly BatchRows batch;
        private readonly TrainingStep step;
        private readonly optim.Optimizer optimizer;
        private readonly Tensor rowIndex;

        public StepFixture(int tasks, IGradientCombiner combiner, GradientLevel level)
        {
            TorchSharpRuntime.EnsureInitialized();
            torch.set_num_threads(Environment.ProcessorCount);
            this.tasks = tasks;
            var data = new BenchmarkData(1000, 250, tasks, outputs: 10);
            var specs = data.Tasks().Select((t, k) => k == 0 ? t.AsPrimary() : t).ToList();
            var schema = data.ToDataView().Schema;
            var bound = specs.Select(t => BoundTask.Bind(t, schema)).ToList();
            var layout = new NetworkLayout(250, new[] { 100, 100, 100, 100 }, bound.Select(t => new HeadLayout(Array.Empty<int>(), 10)).ToList(), Activation.ReLU, 0);
            torch.random.manual_seed(1);
            var network = new MultiTaskNetwork(layout, combiner is RotateOnlyCombiner ? 100 : 0);
            tensors = new DataTensors(TrainingDataReader.Read(data.ToDataView(), "Features", bound, null, FitCancellation.None, "data"), torch.CPU);
            optimizer = torch.optim.Adam(network.ModelParameters());
            var names = bound.Select(t => t.Name).ToList();
            var weights = Enumerable.Repeat(1f, tasks).ToList();
            var context = new GradientCombinerContext(names, weights, 0, 1);
            combiner?.Reset(context);
            var stepWeights = new StepWeights(null, new LossWeightingContext(names, weights), context, new Tensor[] { network.LastSharedWeight });
            step = combiner switch
            {
                null => new JointStep(network, bound, stepWeights),
                RotateOnlyCombiner rotation => new RotationStep(network, bound, rotation, stepWeights, 1e-3),
                _ when level == GradientLevel.Representation => new RepresentationSurgeryStep(network, bound, combiner, stepWeights),
                _ => new ParameterSurgeryStep(network, bound, combiner, GradientScope.PerParameterTensor, stepWeights),
            };
            batch = new BatchRows(Enumerable.Range(0, Batch).Select(i => (long)i).ToArray(), Enumerable.Repeat((0, Batch), tasks).ToArray());
            rowIndex = torch.tensor(batch.Rows);
        }

        public void Step()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            using var statistics = new EpochStatistics(tasks);
            step.Run(tensors, batch, rowIndex, statistics);
            optimizer.step();
        }
    }
}
