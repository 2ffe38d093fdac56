using System;
using System.Collections.Generic;

namespace MultiTask.MLNet.Gradients.Solvers
{
    /// <summary>
    /// The bargaining weights of each block (<see cref="BargainingSolver"/>), falling back to the block's previous weights on
    /// a step whose equation has no positive solution. Two task gradients that cancel exactly are what a Pareto-stationary
    /// point of two tasks looks like, so training that reaches the front meets them; the Nash-MTL reference keeps its previous
    /// weights there too. Each fallback counts as a conflict in the training history; a block's first step has nothing to fall
    /// back to and throws.
    /// </summary>
    internal sealed class BargainingWeights
    {
        private readonly Dictionary<int, double[]> previous = new Dictionary<int, double[]>();

        public void Reset() => previous.Clear();

        public double[] Solve(int block, double[,] gram, double alpha, bool normalize, string method, GradientCombinerContext context)
        {
            var weights = BargainingSolver.TryWeights(gram, alpha, normalize);
            if (weights != null)
                return previous[block] = weights;
            if (!previous.TryGetValue(block, out var last))
                throw new InvalidOperationException(BargainingSolver.NoSolution(gram, alpha, method));
            context?.RecordConflict();
            return (double[])last.Clone();
        }
    }
}
