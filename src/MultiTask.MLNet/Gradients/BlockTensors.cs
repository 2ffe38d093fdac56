using System;
using System.Collections.Generic;
using TorchSharp;

namespace MultiTask.MLNet.Gradients
{
    /// <summary>
    /// A combiner's state tensors, one per block, kept across steps outside the steps' dispose scopes: replacing one
    /// frees the previous, and <see cref="Dispose"/> frees all (the trainer disposes an IDisposable combiner after every Fit).
    /// </summary>
    internal sealed class BlockTensors : IDisposable
    {
        private readonly Dictionary<int, torch.Tensor> tensors = new Dictionary<int, torch.Tensor>();

        public bool TryGet(int block, out torch.Tensor tensor) => tensors.TryGetValue(block, out tensor);

        /// <summary>Keeps a detached handle of <paramref name="value"/> for <paramref name="block"/>, freeing the previous one (compute the new value from it first).</summary>
        public torch.Tensor Set(int block, torch.Tensor value)
        {
            var kept = value.detach().DetachFromDisposeScope();
            if (tensors.TryGetValue(block, out var previous))
                previous.Dispose();
            tensors[block] = kept;
            return kept;
        }

        public void Dispose()
        {
            foreach (var tensor in tensors.Values)
                tensor.Dispose();
            tensors.Clear();
        }
    }
}
