using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;

namespace MultiTask.MLNet.Scoring
{
    /// <summary>
    /// Loads an ML.NET .zip saved with a multi-task model and gives the multi-task part back its
    /// <see cref="MultiTaskTransformer"/>: ML.NET's loader returns it as the plain chain it was saved as (so that no
    /// package is needed to score), which knows nothing of tasks, feature size or classes.
    /// </summary>
    internal static class MultiTaskModelLoader
    {
        public static ITransformer Load(MLContext ml, Stream stream, string source, out DataViewSchema inputSchema)
        {
            byte[] bytes;
            using (var buffer = new MemoryStream())
            {
                stream.CopyTo(buffer);
                bytes = buffer.ToArray();
            }
            var model = MultiTaskModelParameters.Load(new MemoryStream(bytes), source);
            ITransformer loaded;
            try
            {
                loaded = ml.Model.Load(new MemoryStream(bytes), out inputSchema);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException)
            {
                throw new InvalidOperationException($"{source} holds a multi-task network, but ML.NET cannot load the model around it: {e.Message}", e);
            }
            int found = 0;
            var restored = Restore(loaded, model, ref found);
            if (found != 1)
                throw new InvalidOperationException(found == 0
                    ? $"{source} holds a multi-task network, but its ML.NET chain has no scoring part for it (an OnnxTransformer chain); was the .zip edited?"
                    : $"{source} holds {found} ONNX scoring chains; only a model with one multi-task network can be loaded with its transformer. Use MLContext.Model.Load.");
            return restored;
        }

        // A chain that runs an OnnxTransformer directly is the saved scoring chain of the multi-task transformer.
        private static ITransformer Restore(ITransformer transformer, MultiTaskModelParameters model, ref int found)
        {
            if (transformer is not TransformerChain<ITransformer> chain)
                return transformer;
            var parts = chain.ToList();
            if (parts.Any(p => p is OnnxTransformer))
            {
                found++;
                return new MultiTaskTransformer(chain, model, history: null);
            }
            var restored = new List<ITransformer>(parts.Count);
            foreach (var part in parts)
                restored.Add(Restore(part, model, ref found));
            return new TransformerChain<ITransformer>(restored.ToArray());
        }
    }
}
