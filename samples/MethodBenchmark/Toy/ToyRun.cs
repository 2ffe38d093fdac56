using System;
using System.Collections.Generic;
using MultiTask.MLNet.Gradients;
using TorchSharp;

namespace MethodBenchmark.Toy
{
    /// <summary>
    /// One trajectory on the toy: from a start, each step hands the two task gradients (a [2, 2] matrix, one row per task)
    /// to the method's combiner, exactly as the trainer hands it a shared block, and moves x by Adam (PyTorch's defaults:
    /// beta 0.9 and 0.999, epsilon 1e-8) along the combined gradient.
    /// </summary>
    public static class ToyRun
    {
        private static readonly string[] TaskNames = { "f1", "f2" };

        /// <summary>The points visited (every <paramref name="keepEvery"/>-th step, and the last).</summary>
        public static List<(double X1, double X2)> Trajectory(ToyProblem problem, IGradientCombiner combiner, (double X1, double X2) start,
            int steps, double learningRate, int keepEvery, int seed = 0)
        {
            var context = new GradientCombinerContext(TaskNames, seed: seed);
            combiner.Reset(context);
            try
            {
                return Walk(problem, combiner, context, start, steps, learningRate, keepEvery);
            }
            finally
            {
                (combiner as IDisposable)?.Dispose();
            }
        }

        private static List<(double X1, double X2)> Walk(ToyProblem problem, IGradientCombiner combiner, GradientCombinerContext context,
            (double X1, double X2) start, int steps, double learningRate, int keepEvery)
        {
            double[] x = { start.X1, start.X2 }, m = new double[2], v = new double[2];
            var path = new List<(double, double)> { start };
            for (int step = 1; step <= steps; step++)
            {
                var direction = Combined(problem, combiner, context, x);
                for (int i = 0; i < 2; i++)
                {
                    m[i] = 0.9 * m[i] + 0.1 * direction[i];
                    v[i] = 0.999 * v[i] + 0.001 * direction[i] * direction[i];
                    double mHat = m[i] / (1 - Math.Pow(0.9, step)), vHat = v[i] / (1 - Math.Pow(0.999, step));
                    x[i] -= learningRate * mHat / (Math.Sqrt(vHat) + 1e-8);
                }
                if (!double.IsFinite(x[0]) || !double.IsFinite(x[1]))
                    throw new InvalidOperationException($"The toy run from ({start.X1}, {start.X2}) diverged at step {step}: x = ({x[0]}, {x[1]}).");
                if (step % keepEvery == 0 || step == steps)
                    path.Add((x[0], x[1]));
            }
            return path;
        }

        private static double[] Combined(ToyProblem problem, IGradientCombiner combiner, GradientCombinerContext context, double[] x)
        {
            using var scope = torch.NewDisposeScope();
            var (f1, f2, g1, g2) = problem.Evaluate(x[0], x[1]);
            context.SetTaskLosses(new[] { f1, f2 });
            var gradients = torch.tensor(new[] { (float)g1.D1, (float)g1.D2, (float)g2.D1, (float)g2.D2 }, 2, 2);
            var combined = combiner.Combine(0, gradients).to(torch.float64).data<double>().ToArray();
            return combined;
        }
    }
}
