using System;
using System.Collections.Generic;
using System.Linq;
using MultiTask.MLNet;
using MultiTask.MLNet.Gradients;

namespace MethodBenchmark
{
    /// <summary>One method of the package, with its defaults (LibMTL's and TorchJD's), and how it is set on the trainer's options.</summary>
    public sealed record Method(string Name, Type Implementation, Func<object> Create)
    {
        /// <summary>Whether the method weights the task losses (else it combines the task gradients, RotoGrad's rotations included).</summary>
        public bool IsLossWeighting => typeof(ILossWeighting).IsAssignableFrom(Implementation);

        /// <summary>The combiner, for the gradient combiners; null for loss weightings.</summary>
        public IGradientCombiner Combiner() => IsLossWeighting ? null : (IGradientCombiner)Create();

        /// <summary>Sets the method on <paramref name="options"/>.</summary>
        public void Apply(MultiTaskTrainer.Options options)
        {
            if (IsLossWeighting)
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
            Of(Sum, () => new SumCombiner()),
            Of("PCGrad", () => new PCGradCombiner()),
            Of("MGDA", () => new MgdaCombiner()),
            Of("CAGrad", () => new CAGradCombiner()),
            Of("Nash-MTL", () => new NashMtlCombiner()),
            Of("IMTL-G", () => new ImtlGCombiner()),
            Of("Aligned-MTL", () => new AlignedMtlCombiner()),
            Of("UPGrad", () => new UPGradCombiner()),
            Of("DualProj", () => new DualProjCombiner()),
            Of("ConFIG", () => new ConFIGCombiner()),
            Of("FairGrad", () => new FairGradCombiner()),
            Of("GradVac", () => new GradVacCombiner()),
            Of("GradDrop", () => new GradDropCombiner()),
            Of("DB-MTL", () => new DbMtlCombiner()),
            Of("MoCo", () => new MoCoCombiner()),
            Of("DWA", () => new DwaWeighting()),
            Of("Uncertainty", () => new UncertaintyWeighting()),
            Of("RLW", () => new RandomLossWeighting()),
            Of("IMTL-L", () => new ImtlLWeighting()),
            Of("GLS", () => new GeometricMeanWeighting()),
            Of("GradNorm", () => new GradNormWeighting()),
            Of("STCH", () => new StchWeighting()),
            Of("FAMO", () => new FamoWeighting()),
            Of("ExcessMTL", () => new ExcessMtlWeighting()),
            Of("RotoGrad", () => new RotoGradCombiner()),
            Of("Projection", () => new ProjectionCombiner()),
            Of("Unweighted cosine", () => new UnweightedCosineCombiner()),
            Of("Weighted cosine", () => new WeightedCosineCombiner()),
            Of("Orthogonal", () => new OrthogonalCombiner()),
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

        private static Method Of<T>(string name, Func<T> create) => new Method(name, typeof(T), () => create());
    }
}
