using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using MultiTask.MLNet.Evaluation;

namespace MultiTask.MLNet
{
    /// <summary>Entry point of the package: <c>mlContext.MultiTask()</c>.</summary>
    public static class MultiTaskMLContextExtensions
    {
        /// <summary>The multi-task catalog: trainers and evaluation.</summary>
        /// <exception cref="PlatformNotSupportedException">The loaded Microsoft.ML lacks an internal member the package
        /// calls (a version outside the tested range); the message names them.</exception>
        public static MultiTaskCatalog MultiTask(this MLContext mlContext) => new MultiTaskCatalog(mlContext);

        /// <summary>
        /// The <see cref="MultiTaskTransformer"/> of a fitted model: the model itself, or the one inside its chain (nested
        /// chains included), wherever the trainer stood in the pipeline.
        /// </summary>
        /// <exception cref="InvalidOperationException">The model holds none (for example one loaded with
        /// <c>MLContext.Model.Load</c>: load it with <c>ml.MultiTask().Load</c>), or more than one.</exception>
        public static MultiTaskTransformer FindMultiTaskTransformer(this ITransformer model)
        {
            var found = MultiTaskTransformers(model ?? throw new ArgumentNullException(nameof(model))).ToList();
            return found.Count == 1 ? found[0] : throw new InvalidOperationException(found.Count == 0
                ? "The model holds no MultiTaskTransformer. A model loaded with MLContext.Model.Load holds the plain ML.NET chain it was saved as; load it with mlContext.MultiTask().Load to get the transformer back."
                : $"The model holds {found.Count} MultiTaskTransformers; take the one you want from its chain.");
        }

        private static IEnumerable<MultiTaskTransformer> MultiTaskTransformers(ITransformer model) => model switch
        {
            MultiTaskTransformer multiTask => new[] { multiTask },
            IEnumerable<ITransformer> chain => chain.SelectMany(MultiTaskTransformers),
            _ => Enumerable.Empty<MultiTaskTransformer>(),
        };
    }

    /// <summary>Multi-task trainers and evaluation for one <see cref="MLContext"/>.</summary>
    public sealed class MultiTaskCatalog
    {
        private readonly MLContext ml;

        internal MultiTaskCatalog(MLContext ml)
        {
            this.ml = ml ?? throw new ArgumentNullException(nameof(ml));
            Runtime.MlNetInternals.EnsureAvailable();
            Trainers = new MultiTaskTrainers(ml);
        }

        /// <summary>The multi-task trainers.</summary>
        public MultiTaskTrainers Trainers { get; }

        /// <summary>
        /// Cancels every running and future operation of this <see cref="MLContext"/>, as ML.NET's
        /// <c>MLContext.CancelExecution()</c> does (internal in ML.NET 5, so this calls it for you): a running
        /// multi-task Fit stops at its next mini-batch with an <see cref="OperationCanceledException"/>.
        /// To cancel one Fit only, use <see cref="MultiTaskTrainer.Options.CancellationToken"/>.
        /// </summary>
        public void CancelExecution()
        {
            if (!Runtime.CancellationProbe.TryCancel(ml))
                throw new PlatformNotSupportedException("This ML.NET version has no MLContext.CancelExecution; use MultiTaskTrainer.Options.CancellationToken.");
        }

        /// <summary>
        /// Loads a .zip saved with <c>mlContext.Model.Save</c> from a pipeline that contains a multi-task model, with its
        /// <see cref="MultiTaskTransformer"/> restored in the chain (tasks, feature size, class values, the network for
        /// warm starts and <c>SaveAsOnnx</c>), so that <c>model.OfType&lt;MultiTaskTransformer&gt;()</c> finds it as after Fit.
        /// The training history is not saved, so the restored transformer's <see cref="MultiTaskTransformer.TrainingHistory"/>
        /// is null. Scores are those of <c>mlContext.Model.Load</c>, which remains the way to load without this package.
        /// </summary>
        /// <param name="path">The .zip file.</param>
        /// <param name="inputSchema">The schema the model was saved with, as <c>mlContext.Model.Load</c> gives it.</param>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="InvalidOperationException">The file holds no multi-task model, or it is damaged or edited.</exception>
        public ITransformer Load(string path, out DataViewSchema inputSchema)
        {
            if (!File.Exists(path))
                throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
            using var stream = File.OpenRead(path);
            return Scoring.MultiTaskModelLoader.Load(ml, stream, $"Model file '{path}'", out inputSchema);
        }

        /// <summary>Loads a saved multi-task model from a stream; see <see cref="Load(string, out DataViewSchema)"/>.</summary>
        public ITransformer Load(Stream stream, out DataViewSchema inputSchema)
            => Scoring.MultiTaskModelLoader.Load(ml, stream ?? throw new ArgumentNullException(nameof(stream)), "The model stream", out inputSchema);

        /// <summary>
        /// Cross-validates a pipeline that contains a multi-task trainer, for every task at once: ML.NET's
        /// <c>CrossValidationSplit</c> of <paramref name="data"/>, one Fit per fold on the other folds, every task's ML.NET
        /// metrics on the held-out fold, and per task and metric the mean and standard deviation over the folds.
        /// (ML.NET's <c>Regression.CrossValidate</c> and friends look for a column named <c>Score</c> and cannot evaluate
        /// the tasks' <c>Name.Score</c> columns.)
        /// </summary>
        /// <param name="data">The rows to split.</param>
        /// <param name="pipeline">The estimator chain, ending in (or containing) the multi-task trainer.</param>
        /// <param name="numberOfFolds">Number of folds; default 5, at least 2.</param>
        /// <param name="samplingKeyColumnName">Rows with the same value in this column stay in one fold (ML.NET's
        /// convention); default null: rows are split at random.</param>
        /// <param name="seed">Seed of the split; default null: the MLContext's.</param>
        public CrossValidationResult CrossValidate(IDataView data, IEstimator<ITransformer> pipeline, int numberOfFolds = 5,
            string samplingKeyColumnName = null, int? seed = null)
            => CrossValidation.Run(ml, data ?? throw new ArgumentNullException(nameof(data)), pipeline ?? throw new ArgumentNullException(nameof(pipeline)),
                numberOfFolds, samplingKeyColumnName, seed);

        /// <summary>
        /// Permutation feature importance of every task (ML.NET's <c>PermutationFeatureImportance</c> looks for one
        /// predictor and refuses a multi-task model): for each feature slot, its values are shuffled across the rows
        /// <paramref name="permutationCount"/> times, the data is scored again, and each task's headline metric (R-squared,
        /// AUC, micro accuracy) is compared with the unshuffled score. A clearly negative change means the task relies on
        /// the slot. Costs one scoring and evaluation of <paramref name="data"/> per slot and permutation.
        /// </summary>
        /// <param name="model">The trained multi-task transformer (<c>model.FindMultiTaskTransformer()</c> of a pipeline).</param>
        /// <param name="data">The rows the trainer reads: the feature column (after the pipeline's featurizing steps) and the labels.</param>
        /// <param name="permutationCount">Shuffles per slot, at least 1; default 1. More give a standard deviation.</param>
        /// <param name="seed">Seed of the shuffles; default null: drawn from the MLContext's random source.</param>
        /// <returns>Per task name, each feature slot's change of the task's metric.</returns>
        public IReadOnlyDictionary<string, TaskFeatureImportance> PermutationFeatureImportance(MultiTaskTransformer model, IDataView data,
            int permutationCount = 1, int? seed = null)
            => PermutationImportance.Run(ml, model ?? throw new ArgumentNullException(nameof(model)), data ?? throw new ArgumentNullException(nameof(data)),
                permutationCount, seed);

        /// <summary>Evaluates every task of <paramref name="model"/> on data it has scored, with ML.NET's evaluators.</summary>
        public MultiTaskMetrics Evaluate(IDataView scored, MultiTaskTransformer model)
            => Evaluate(scored, (model ?? throw new ArgumentNullException(nameof(model))).Tasks);

        /// <summary>Evaluates the given tasks on scored data (the label columns and <c>Name.*</c> output columns must be present).</summary>
        public MultiTaskMetrics Evaluate(IDataView scored, IEnumerable<TaskSpec> tasks)
            => MultiTaskEvaluator.Evaluate(ml, scored ?? throw new ArgumentNullException(nameof(scored)),
                tasks ?? throw new ArgumentNullException(nameof(tasks)));
    }

    /// <summary>The trainers of <see cref="MultiTaskCatalog"/>.</summary>
    public sealed class MultiTaskTrainers
    {
        private readonly MLContext ml;

        internal MultiTaskTrainers(MLContext ml) => this.ml = ml;

        /// <summary>A multi-task neural network: shared dense trunk, one head per task.</summary>
        public MultiTaskTrainer NeuralNetwork(MultiTaskTrainer.Options options) => new MultiTaskTrainer(ml, options);

        /// <summary>
        /// A multi-task neural network from its most used settings (hard sharing, Adam); every other option keeps its
        /// default. For the rest use <see cref="NeuralNetwork(MultiTaskTrainer.Options)"/>.
        /// </summary>
        /// <param name="tasks">The tasks, one head each: <see cref="TaskSpec.Regression"/>, <see cref="TaskSpec.BinaryClassification"/>, ...</param>
        /// <param name="featureColumnName">The known-size vector of Single the network reads; default "Features".</param>
        /// <param name="hiddenLayers">Sizes of the shared trunk's layers; default null: one layer of 64.</param>
        /// <param name="maxEpochs">Passes over the data, >= 1; default 50.</param>
        /// <param name="learningRate">Adam's learning rate, > 0; default 1e-3.</param>
        /// <param name="batchSize">Rows per mini-batch, >= 1; default 64.</param>
        public MultiTaskTrainer NeuralNetwork(IEnumerable<TaskSpec> tasks, string featureColumnName = "Features", int[] hiddenLayers = null,
            int maxEpochs = 50, double learningRate = 1e-3, int batchSize = 64)
        {
            var options = new MultiTaskTrainer.Options
            {
                Tasks = new List<TaskSpec>(tasks ?? throw new ArgumentNullException(nameof(tasks))),
                FeatureColumnName = featureColumnName,
                MaxEpochs = maxEpochs,
                LearningRate = learningRate,
                BatchSize = batchSize,
            };
            if (hiddenLayers != null)
                options.HiddenLayers = hiddenLayers;
            return NeuralNetwork(options);
        }

        /// <summary>A multi-task neural network with default options on <paramref name="featureColumnName"/>.</summary>
        public MultiTaskTrainer NeuralNetwork(string featureColumnName, params TaskSpec[] tasks)
            => NeuralNetwork(new MultiTaskTrainer.Options { FeatureColumnName = featureColumnName, Tasks = new List<TaskSpec>(tasks) });
    }
}
