using System;
using Microsoft.ML;

namespace MultiTask.MLNet.Samples
{
    /// <summary>
    /// The consumption side of a Model Builder sample: a PredictionEngine over the saved .zip, created on first use
    /// with a plain MLContext (nothing of the trainer needed) and kept for later predictions.
    /// </summary>
    public sealed class SavedModelPredictor<TInput, TOutput> where TInput : class where TOutput : class, new()
    {
        private readonly Lazy<PredictionEngine<TInput, TOutput>> engine;

        public SavedModelPredictor(Func<string> modelPath)
            => engine = new Lazy<PredictionEngine<TInput, TOutput>>(() =>
            {
                var ml = new MLContext();
                return ml.Model.CreatePredictionEngine<TInput, TOutput>(ml.Model.Load(modelPath(), out _));
            }, isThreadSafe: true);

        public TOutput Predict(TInput input) => engine.Value.Predict(input);
    }
}
