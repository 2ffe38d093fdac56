using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
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
    /// Time of one optimisation step (forward, task gradients, combination, Adam) per combiner and level, for K = 2, 5, 10
    /// tasks on seed 000's trunk (250 inputs, 4 x 100 ReLU, heads of 10 outputs, batch 100). Baseline: the joint step, one
    /// backward pass of the summed loss.
    /// </summary>
    public class SurgeryStepBenchmarks
    {
        private const int Batch = 100;
        private MultiTaskNetwork network;
        private DataTensors tensors;
        private BatchRows batch;
        private TrainingStep step;
        private optim.Optimizer optimizer;
        private Tensor rowIndex;

        [Params(2, 5, 10)]
        public int Tasks { get; set; }

        /// <summary>"Joint" (the baseline: no combiner) or "Combiner/Level".</summary>
        [Params("Joint", "Sum/Parameters", "Sum/Representation", "PCGrad/Parameters", "PCGrad/Representation",
            "Projection/Parameters", "Projection/Representation", "RotoGrad/Representation")]
        public string Case { get; set; }

        private string Combiner => Case.Split('/')[0];

        private GradientLevel Level => Case.EndsWith("/Representation") ? GradientLevel.Representation : GradientLevel.Parameters;

        [GlobalSetup]
        public void Setup()
        {
            TorchSharpRuntime.EnsureInitialized();
            torch.set_num_threads(Environment.ProcessorCount);
            var data = new BenchmarkData(1000, 250, Tasks, outputs: 10);
            var specs = data.Tasks().Select((t, k) => k == 0 ? t.AsPrimary() : t).ToList();
            var schema = data.ToDataView().Schema;
            var bound = specs.Select(t => BoundTask.Bind(t, schema)).ToList();
            var layout = new NetworkLayout(250, new[] { 100, 100, 100, 100 }, bound.Select(t => new HeadLayout(Array.Empty<int>(), 10)).ToList(), Activation.ReLU, 0);
            torch.random.manual_seed(1);
            var combiner = CreateCombiner();
            network = new MultiTaskNetwork(layout, combiner is RotateOnlyCombiner ? 100 : 0);
            tensors = new DataTensors(TrainingDataReader.Read(data.ToDataView(), "Features", bound, null, MultiTask.MLNet.Runtime.FitCancellation.None, "data"), torch.CPU);
            optimizer = torch.optim.Adam(network.ModelParameters());
            var names = bound.Select(t => t.Name).ToList();
            var weights = Enumerable.Repeat(1f, Tasks).ToList();
            var context = new GradientCombinerContext(names, weights, 0, 1);
            combiner?.Reset(context);
            var stepWeights = new StepWeights(null, new LossWeightingContext(names, weights), context, new Tensor[] { network.LastSharedWeight });
            step = combiner switch
            {
                null => new JointStep(network, bound, stepWeights),
                RotateOnlyCombiner rotation => new RotationStep(network, bound, rotation, stepWeights, 1e-3),
                _ when Level == GradientLevel.Representation => new RepresentationSurgeryStep(network, bound, combiner, stepWeights),
                _ => new ParameterSurgeryStep(network, bound, combiner, GradientScope.PerParameterTensor, stepWeights),
            };
            batch = new BatchRows(Enumerable.Range(0, Batch).Select(i => (long)i).ToArray(), Enumerable.Repeat((0, Batch), Tasks).ToArray());
            rowIndex = torch.tensor(batch.Rows);
        }

        [Benchmark]
        public void Step()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            step.Run(tensors, batch, rowIndex, new EpochStatistics(Tasks));
            optimizer.step();
        }

        private IGradientCombiner CreateCombiner()
        {
            return Combiner switch
            {
                "Joint" => null,
                "Sum" => new SumCombiner(),
                "PCGrad" => new PCGradCombiner(),
                "Projection" => new ProjectionCombiner(),
                _ => new RotoGradCombiner(),
            };
        }
    }
}
