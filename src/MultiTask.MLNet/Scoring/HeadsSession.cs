using System;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MultiTask.MLNet.Export;

namespace MultiTask.MLNet.Scoring
{
    /// <summary>
    /// The network's heads as one ONNX Runtime session over batches of rows (<see cref="MultiTaskOnnxExporter.ExportHeads"/>).
    /// ONNX Runtime's Run is thread-safe, so cursors share it. Created once per transformer, on first use.
    /// </summary>
    internal sealed class HeadsSession
    {
        private readonly InferenceSession session;
        private readonly string input;
        private readonly int featureSize;
        private readonly string[] outputs;

        public HeadsSession(MultiTaskModelParameters model)
        {
            session = new InferenceSession(MultiTaskOnnxExporter.ExportHeads(model.Layout, model.Weights, model.FeatureColumnName));
            input = model.FeatureColumnName;
            featureSize = model.FeatureSize;
            outputs = Enumerable.Range(0, model.Layout.Heads.Count).Select(MultiTaskOnnxExporter.HeadOutput).ToArray();
        }

        /// <summary>Each head's outputs ([rows x outputs], row-major) for <paramref name="rows"/> rows of features.</summary>
        public float[][] Run(float[] features, int rows)
        {
            var tensor = new DenseTensor<float>(features.AsMemory(0, rows * featureSize), new[] { rows, featureSize });
            using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor(input, tensor) }, outputs);
            return outputs.Select(name => results.First(r => r.Name == name).AsTensor<float>().ToArray()).ToArray();
        }
    }
}
