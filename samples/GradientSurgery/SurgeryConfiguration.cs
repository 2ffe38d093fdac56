using System;
using System.Collections.Generic;
using System.Globalization;
using MultiTask.MLNet;
using MultiTask.MLNet.Gradients;

namespace GradientSurgery
{
    /// <summary>One point of the grid: a mode with its alpha, scope and lambda (the auxiliary task's weight).</summary>
    public sealed record SurgeryConfiguration(string Mode, double Alpha, bool Overall, float Lambda)
    {
        /// <summary>The modes of seed 000 (with its names) and PCGrad.</summary>
        public static readonly string[] Modes = { "Single task", "Multitask", "Projection", "Unweighted cosine", "Weighted cosine", "Orthogonal", "PCGrad" };

        /// <summary>The package's method roster (symmetric rules, no alpha), for <c>--roster</c>.</summary>
        public static readonly string[] RosterModes =
        {
            "MGDA", "CAGrad", "IMTL-G", "Aligned-MTL", "UPGrad", "DualProj", "ConFIG", "Nash-MTL", "FairGrad", "GradVac", "GradDrop", "DB-MTL", "MoCo",
        };

        /// <summary>Modes whose result does not depend on alpha or on the scope.</summary>
        public bool IgnoresAlphaAndScope => IsSymmetric(Mode);

        private static bool IsSymmetric(string mode) => mode is "Single task" or "Multitask" or "PCGrad" || Array.IndexOf(RosterModes, mode) >= 0;

        public IGradientCombiner Combiner() => Mode switch
        {
            "Single task" => new SingleTaskCombiner(),
            "Multitask" => new SumCombiner(),
            "Projection" => new ProjectionCombiner(Alpha),
            "Unweighted cosine" => new UnweightedCosineCombiner(Alpha),
            "Weighted cosine" => new WeightedCosineCombiner(Alpha),
            "Orthogonal" => new OrthogonalCombiner(Alpha),
            "PCGrad" => new PCGradCombiner(),
            "MGDA" => new MgdaCombiner(),
            "CAGrad" => new CAGradCombiner(),
            "IMTL-G" => new ImtlGCombiner(),
            "Aligned-MTL" => new AlignedMtlCombiner(),
            "UPGrad" => new UPGradCombiner(),
            "DualProj" => new DualProjCombiner(),
            "ConFIG" => new ConFIGCombiner(),
            "Nash-MTL" => new NashMtlCombiner(),
            "FairGrad" => new FairGradCombiner(),
            "GradVac" => new GradVacCombiner(),
            "GradDrop" => new GradDropCombiner(),
            "DB-MTL" => new DbMtlCombiner(),
            "MoCo" => new MoCoCombiner(),
            _ => throw new ArgumentOutOfRangeException(nameof(Mode), Mode, "Unknown mode."),
        };

        public GradientScope Scope => Overall ? GradientScope.WholeVector : GradientScope.PerParameterTensor;

        public string Label => IgnoresAlphaAndScope ? Mode
            : $"{Mode} (alpha {Alpha.ToString(CultureInfo.InvariantCulture)}, {(Overall ? "whole" : "per tensor")})";

        /// <summary>Every configuration of the grid; modes that ignore alpha and scope appear once.</summary>
        public static IEnumerable<SurgeryConfiguration> Grid(IEnumerable<string> modes, double[] alphas, float[] lambdas)
        {
            foreach (var mode in modes)
                foreach (var lambda in lambdas)
                {
                    if (IsSymmetric(mode))
                    {
                        yield return new SurgeryConfiguration(mode, 1, false, lambda);
                        continue;
                    }
                    foreach (var alpha in alphas)
                        foreach (var overall in new[] { false, true })
                            yield return new SurgeryConfiguration(mode, alpha, overall, lambda);
                }
        }
    }
}
