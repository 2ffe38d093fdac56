using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet;
using MultiTask.MLNet.Gradients;

namespace MethodBenchmark
{
    /// <summary>What a method changes: how task gradients combine (RotoGrad's rotations included), or how task losses are weighted.</summary>
    public enum MethodFamily
    {
        GradientCombiner,
        LossWeighting,
    }

    /// <summary>One method of the package, with its defaults (LibMTL's and TorchJD's), and how it is set on the trainer's options.</summary>
    public sealed record Method(string Name, MethodFamily Family, Type Implementation, Func<object> Create)
    {
        /// <summary>The combiner, for the gradient combiners; null for loss weightings.</summary>
        public IGradientCombiner Combiner() => Family == MethodFamily.LossWeighting ? null : (IGradientCombiner)Create();

        /// <summary>Sets the method on <paramref name="options"/>.</summary>
        public void Apply(MultiTaskTrainer.Options options)
        {
            if (Family == MethodFamily.LossWeighting)
                options.LossWeighting = (ILossWeighting)Create();
            else
                options.GradientCombiner = Combiner();
        }

        /// <summary>What the method declares it needs from the training (nothing, for loss weightings).</summary>
        public CombinerRequirements Requirements => Combiner()?.Requirements ?? CombinerRequirements.None;

        /// <summary>Whether the method needs a primary task (seed 000's primary/auxiliary rules).</summary>
        public bool NeedsPrimaryTask => Requirements.HasFlag(CombinerRequirements.PrimaryTask);
    }

    /// <summary>Every method the package ships, in the order the tables list them; "Sum" (equal weights) is the reference.</summary>
    public static class Roster
    {
        public const string Sum = "Sum";

        public static readonly IReadOnlyList<Method> All = new[]
        {
            Combiner(Sum, () => new SumCombiner()),
            Combiner("PCGrad", () => new PCGradCombiner()),
            Combiner("MGDA", () => new MgdaCombiner()),
            Combiner("CAGrad", () => new CAGradCombiner()),
            Combiner("Nash-MTL", () => new NashMtlCombiner()),
            Combiner("IMTL-G", () => new ImtlGCombiner()),
            Combiner("Aligned-MTL", () => new AlignedMtlCombiner()),
            Combiner("UPGrad", () => new UPGradCombiner()),
            Combiner("DualProj", () => new DualProjCombiner()),
            Combiner("ConFIG", () => new ConFIGCombiner()),
            Combiner("FairGrad", () => new FairGradCombiner()),
            Combiner("GradVac", () => new GradVacCombiner()),
            Combiner("GradDrop", () => new GradDropCombiner()),
            Combiner("DB-MTL", () => new DbMtlCombiner()),
            Combiner("MoCo", () => new MoCoCombiner()),
            Weighting("DWA", () => new DwaWeighting()),
            Weighting("Uncertainty", () => new UncertaintyWeighting()),
            Weighting("RLW", () => new RandomLossWeighting()),
            Weighting("IMTL-L", () => new ImtlLWeighting()),
            Weighting("GLS", () => new GeometricMeanWeighting()),
            Weighting("GradNorm", () => new GradNormWeighting()),
            Weighting("STCH", () => new StchWeighting()),
            Weighting("FAMO", () => new FamoWeighting()),
            Weighting("ExcessMTL", () => new ExcessMtlWeighting()),
            Combiner("RotoGrad", () => new RotoGradCombiner()),
            Combiner("Projection", () => new ProjectionCombiner()),
            Combiner("Unweighted cosine", () => new UnweightedCosineCombiner()),
            Combiner("Weighted cosine", () => new WeightedCosineCombiner()),
            Combiner("Orthogonal", () => new OrthogonalCombiner()),
        };

        /// <summary>
        /// Package types deliberately not in the benchmark, with why: variants of a listed method, or not a method of
        /// combining tasks.
        /// </summary>
        private static readonly IReadOnlyDictionary<Type, string> NotBenchmarked = new Dictionary<Type, string>
        {
            [typeof(FixedWeighting)] = "the fixed task weights, which Sum is",
            [typeof(SingleTaskCombiner)] = "trains the primary task alone: the single-task baselines are separate networks here",
            [typeof(RotateOnlyCombiner)] = "RotoGrad's ablation (rotation without magnitude scaling)",
            [typeof(RotoGradNormCombiner)] = "RotoGrad with GradNorm's magnitudes, a variant of RotoGrad",
        };

        public static Method Get(string name) => All.FirstOrDefault(m => m.Name == name)
            ?? throw new ArgumentException($"Unknown method '{name}'; the roster has: {string.Join(", ", All.Select(m => m.Name))}.", nameof(name));

        /// <summary>The symmetric methods (no primary task), which every problem with tasks of equal standing runs.</summary>
        public static IReadOnlyList<Method> Symmetric => All.Where(m => !m.NeedsPrimaryTask).ToList();

        /// <summary>
        /// Package combiners and weightings that are neither in <see cref="All"/> nor deliberately left out: a method added to
        /// the package but not to the benchmark. The sample refuses to run while this is not empty.
        /// </summary>
        public static IReadOnlyList<Type> Missing()
        {
            var listed = All.Select(m => m.Implementation).Concat(NotBenchmarked.Keys).ToHashSet();
            return typeof(IGradientCombiner).Assembly.GetExportedTypes()
                .Where(t => !t.IsAbstract && !t.IsInterface && (typeof(IGradientCombiner).IsAssignableFrom(t) || typeof(ILossWeighting).IsAssignableFrom(t)))
                .Where(t => !listed.Contains(t)).ToList();
        }

        private static Method Combiner<T>(string name, Func<T> create) where T : IGradientCombiner
            => new Method(name, MethodFamily.GradientCombiner, typeof(T), () => create());

        private static Method Weighting<T>(string name, Func<T> create) where T : ILossWeighting
            => new Method(name, MethodFamily.LossWeighting, typeof(T), () => create());
    }
}
