using BenchmarkDotNet.Attributes;
using MultiTask.MLNet.Gradients;

namespace MultiTask.MLNet.Benchmarks
{
    /// <summary>
    /// Time of one optimisation step (forward, task gradients, combination, Adam) per combiner and level, for K = 2, 5, 10
    /// tasks on seed 000's trunk (250 inputs, 4 x 100 ReLU, heads of 10 outputs, batch 100). Baseline: the joint step, one
    /// backward pass of the summed loss.
    /// </summary>
    public class SurgeryStepBenchmarks
    {
        private StepFixture fixture;

        [Params(2, 5, 10)]
        public int Tasks { get; set; }

        /// <summary>"Joint" (the baseline: no combiner) or "Combiner/Level".</summary>
        [Params("Joint", "Sum/Parameters", "Sum/Representation", "PCGrad/Parameters", "PCGrad/Representation",
            "Projection/Parameters", "Projection/Representation", "RotoGrad/Representation")]
        public string Case { get; set; }

        private string Combiner => Case.Split('/')[0];

        private GradientLevel Level => Case.EndsWith("/Representation") ? GradientLevel.Representation : GradientLevel.Parameters;

        [GlobalSetup]
        public void Setup() => fixture = new StepFixture(Tasks, CreateCombiner(), Level);

        [Benchmark]
        public void Step() => fixture.Step();

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
