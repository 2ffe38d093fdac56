using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using MultiTask.MLNet.Gradients;

namespace MultiTask.MLNet.Benchmarks
{
    /// <summary>
    /// Every gradient combiner of the roster, K = 10 tasks, seed 000's trunk: one optimisation step against its
    /// baseline in the same run: at representation level the joint step (one backward pass of the summed loss), at
    /// parameter level the plain sum at parameter level (the same K backward passes, so the ratio is the method's own cost).
    /// </summary>
    public class MethodRosterBenchmarks
    {
        private static readonly Dictionary<string, Func<IGradientCombiner>> Methods = new Dictionary<string, Func<IGradientCombiner>>
        {
            ["Sum"] = () => new SumCombiner(),
            ["MGDA"] = () => new MgdaCombiner(),
            ["CAGrad"] = () => new CAGradCombiner(),
            ["IMTL-G"] = () => new ImtlGCombiner(),
            ["Aligned-MTL"] = () => new AlignedMtlCombiner(),
            ["UPGrad"] = () => new UPGradCombiner(),
            ["DualProj"] = () => new DualProjCombiner(),
            ["ConFIG"] = () => new ConFIGCombiner(),
            ["Nash-MTL"] = () => new NashMtlCombiner(),
            ["FairGrad"] = () => new FairGradCombiner(),
            ["GradVac"] = () => new GradVacCombiner(),
            ["GradDrop"] = () => new GradDropCombiner(),
            ["DB-MTL"] = () => new DbMtlCombiner(),
            ["MoCo"] = () => new MoCoCombiner(),
        };

        private StepFixture baseline, method;

        /// <summary>"Sum" is the reference: the surgery path's own cost, with no method.</summary>
        [Params("Sum", "MGDA", "CAGrad", "IMTL-G", "Aligned-MTL", "UPGrad", "DualProj", "ConFIG", "Nash-MTL", "FairGrad", "GradVac", "GradDrop", "DB-MTL", "MoCo")]
        public string Method { get; set; }

        [Params(GradientLevel.Representation, GradientLevel.Parameters)]
        public GradientLevel Level { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            baseline = new StepFixture(10, Level == GradientLevel.Representation ? null : new SumCombiner(), Level);
            method = new StepFixture(10, Methods[Method](), Level);
        }

        /// <summary>The joint step (representation level) or Sum at parameter level.</summary>
        [Benchmark(Baseline = true)]
        public void Baseline() => baseline.Step();

        [Benchmark]
        public void Combiner() => method.Step();
    }
}
