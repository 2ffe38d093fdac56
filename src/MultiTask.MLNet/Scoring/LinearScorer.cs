using System;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;

namespace MultiTask.MLNet.Scoring
{
    /// <summary>
    /// ML.NET's own linear regression predictor with chosen weights, as a scoring-chain part. With weight 1 and
    /// bias 0 on a one-slot vector it turns that vector into a scalar <see cref="ScoreColumn"/>; with zero weights on
    /// the feature column it is a guard that refuses, when the chain is bound, a feature vector of another size.
    /// </summary>
    /// <remarks>
    /// Why this exists: ML.NET 5's OnnxTransformer exposes every ONNX tensor as a vector column (a scalar
    /// ONNX output fails in its object getter), and no built-in transform maps a vector to a scalar. A
    /// regression predictor does: ML.NET's own <see cref="LinearRegressionModelParameters"/> with weight 1 and
    /// bias 0 computes 0 + 1 * x = x exactly, and saves and loads like any ML.NET model. Its constructors are
    /// internal in ML.NET 5.0, so they are called by reflection (<see cref="Runtime.MlNetInternals"/>); a unit test pins them.
    /// </remarks>
    internal static class LinearScorer
    {
        /// <summary>The column every regression predictor writes.</summary>
        public const string ScoreColumn = "Score";

        /// <summary>"column" (a one-slot vector) -> scalar <see cref="ScoreColumn"/>, exactly.</summary>
        public static ITransformer OneSlotToScalar(IHostEnvironment env, DataViewSchema inputSchema, string oneSlotColumn)
            => Create(env, inputSchema, oneSlotColumn, new[] { 1f });

        /// <summary>
        /// A part that reads <paramref name="featureColumn"/> as a vector of exactly <paramref name="size"/> values; bound to
        /// any other type it fails with ML.NET's "Schema mismatch for feature column" error. Its Score output is scratch.
        /// </summary>
        public static ITransformer FeatureSizeGuard(IHostEnvironment env, DataViewSchema inputSchema, string featureColumn, int size)
            => Create(env, inputSchema, featureColumn, new float[size]);

        private static ITransformer Create(IHostEnvironment env, DataViewSchema inputSchema, string column, float[] weights)
        {
            Runtime.MlNetInternals.EnsureAvailable();
            var model = Runtime.MlNetInternals.LinearRegressionModel.Invoke(new object[] { env, new VBuffer<float>(weights.Length, weights), 0f });
            return (ITransformer)Runtime.MlNetInternals.RegressionTransformer.Invoke(new object[] { env, model, inputSchema, column });
        }
    }
}
