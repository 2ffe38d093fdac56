using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MultiTask.MLNet.Benchmarks
{
    /// <summary>
    /// Scoring throughput of Transform over 100,000 rows and per-row PredictionEngine latency, for the in-memory model
    /// and the reloaded .zip, beside a FastTree model on the same data. 20 features, trunk 64-32, 3 tasks. Two categories,
    /// each with its baseline: Transform against the same network's ONNX graph run directly by ONNX Runtime in batches,
    /// PredictionEngine against FastTree's PredictionEngine.
    /// </summary>
    public class ScoringBenchmarks
    {
        private const int Rows = 100_000;
        private MLContext ml;
        private IDataView view;
        private ITransformer multiTask, reloaded, fastTree;
        private PredictionEngine<Input, MultiTaskOutput> multiTaskEngine, reloadedEngine, packageLoadedEngine;
        private PredictionEngine<Input, FastTreeOutput> fastTreeEngine;
        private Input row;
        private Microsoft.ML.OnnxRuntime.InferenceSession session;
        private float[] features;

        public sealed class Input
        {
            [VectorType(20)] public float[] Features { get; set; }
            public float T0 { get; set; }
            public float T1 { get; set; }
            public float T2 { get; set; }
        }

        public sealed class MultiTaskOutput
        {
            [ColumnName("T0.Score")] public float Score { get; set; }
        }

        public sealed class FastTreeOutput
        {
            public float Score { get; set; }
        }

        [GlobalSetup]
        public void Setup()
        {
            ml = new MLContext(seed: 1);
            var data = new BenchmarkData(Rows, 20, 3);
            view = ml.Data.Cache(data.ToDataView());
            multiTask = ml.MultiTask().Trainers.NeuralNetwork(new MultiTaskTrainer.Options
            {
                Tasks = data.Tasks(), HiddenLayers = new[] { 64, 32 }, MaxEpochs = 1, BatchSize = 256, Seed = 1,
            }).Fit(view);
            fastTree = ml.Regression.Trainers.FastTree(BenchmarkData.TaskColumn(0), numberOfTrees: 100).Fit(view);
            var stream = new MemoryStream();
            ml.Model.Save(multiTask, view.Schema, stream);
            stream.Position = 0;
            reloaded = new MLContext().Model.Load(stream, out _);
            stream.Position = 0;
            packageLoadedEngine = ml.Model.CreatePredictionEngine<Input, MultiTaskOutput>(ml.MultiTask().Load(stream, out _));
            multiTaskEngine = ml.Model.CreatePredictionEngine<Input, MultiTaskOutput>(multiTask);
            reloadedEngine = ml.Model.CreatePredictionEngine<Input, MultiTaskOutput>(reloaded);
            fastTreeEngine = ml.Model.CreatePredictionEngine<Input, FastTreeOutput>(fastTree);
            row = new Input { Features = data.Features.Take(20).ToArray() };
            var onnx = new MemoryStream();
            ((MultiTaskTransformer)multiTask).SaveAsOnnx(onnx);
            session = new Microsoft.ML.OnnxRuntime.InferenceSession(onnx.ToArray());
            features = data.Features.Take(Rows * 20).ToArray();
        }

        [Benchmark, BenchmarkCategory("Transform")]
        public double FastTreeTransform() => Sum(fastTree.Transform(view), "Score");

        [Benchmark, BenchmarkCategory("Transform")]
        public double MultiTaskTransform() => Sum(multiTask.Transform(view), "T0.Score");

        [Benchmark, BenchmarkCategory("Transform")]
        public double ReloadedZipTransform() => Sum(reloaded.Transform(view), "T0.Score");

        /// <summary>The compute limit of goal 1: the same network's standalone ONNX graph in ONNX Runtime, batches of 4,096 rows.</summary>
        [Benchmark(Baseline = true), BenchmarkCategory("Transform")]
        public double OnnxRuntimeBatches()
        {
            double sum = 0;
            for (int start = 0; start < Rows; start += 4096)
            {
                int n = Math.Min(4096, Rows - start);
                var tensor = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(features.AsMemory(start * 20, n * 20), new[] { n, 20 });
                using var results = session.Run(new[] { Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor("Features", tensor) });
                foreach (var value in results.First(r => r.Name == "T0.Score").AsTensor<float>())
                    sum += value;
            }
            return sum;
        }

        [Benchmark(OperationsPerInvoke = 1000, Baseline = true), BenchmarkCategory("PredictionEngine")]
        public float FastTreePredictionEngine() => Repeat(() => fastTreeEngine.Predict(row).Score);

        [Benchmark(OperationsPerInvoke = 1000), BenchmarkCategory("PredictionEngine")]
        public float MultiTaskPredictionEngine() => Repeat(() => multiTaskEngine.Predict(row).Score);

        [Benchmark(OperationsPerInvoke = 1000), BenchmarkCategory("PredictionEngine")]
        public float ReloadedZipPredictionEngine() => Repeat(() => reloadedEngine.Predict(row).Score);

        /// <summary>The .zip loaded with ml.MultiTask().Load: the transformer's managed row mapper again.</summary>
        [Benchmark(OperationsPerInvoke = 1000), BenchmarkCategory("PredictionEngine")]
        public float PackageLoadedPredictionEngine() => Repeat(() => packageLoadedEngine.Predict(row).Score);

        /// <summary>
        /// Not a goal, a diagnostic: the network alone, as the managed row mapper runs it for one row (no ML.NET row, no
        /// getters), so that the rest of <see cref="MultiTaskPredictionEngine"/> is PredictionEngine's and the mapper's own cost.
        /// </summary>
        [Benchmark(OperationsPerInvoke = 1000), BenchmarkCategory("PredictionEngine")]
        public float ManagedForwardPassOnly()
        {
            var model = (MultiTaskTransformer)multiTask;
            forward ??= Model.Ops.ForwardPlan.Compile(model.Layout, model.Weights).NewWorkspace();
            return Repeat(() => { row.Features.CopyTo(forward.Input); forward.Run(); return forward.Output(0)[0]; });
        }

        private Model.Ops.ForwardPlan.Workspace forward;

        private static float Repeat(Func<float> predict)
        {
            float sum = 0;
            for (int i = 0; i < 1000; i++)
                sum += predict();
            return sum;
        }

        private static double Sum(IDataView scored, string column)
        {
            double sum = 0;
            using var cursor = scored.GetRowCursor(new[] { scored.Schema[column] });
            var get = cursor.GetGetter<float>(scored.Schema[column]);
            float value = 0;
            while (cursor.MoveNext())
            {
                get(ref value);
                sum += value;
            }
            return sum;
        }
    }
}
