using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;

namespace MultiTask.MLNet
{
    public sealed partial class MultiTaskTrainer
    {
        /// <summary>Options of <see cref="MultiTaskTrainer"/>: the tasks, the network and the optimisation.</summary>
        public sealed class Options
        {
            /// <summary>Input column: a known-size vector of Single. Default "Features".</summary>
            public string FeatureColumnName { get; set; } = "Features";

            /// <summary>Optional Single column of per-row weights (finite, >= 0) applied to every task's loss. Default null (all 1).</summary>
            public string ExampleWeightColumnName { get; set; }

            /// <summary>The tasks, at least one, with distinct names. Each gets one head on the shared trunk.</summary>
            public List<TaskSpec> Tasks { get; set; } = new List<TaskSpec>();

            /// <summary>
            /// Sizes of the shared trunk's dense layers, input side first, for the default architecture (hard parameter sharing);
            /// not used when <see cref="Architecture"/> is set. Default { 64 }; empty: the heads see the features.
            /// </summary>
            public int[] HiddenLayers { get; set; } = { 64 };

            /// <summary>
            /// How the network between the features and the heads is wired: <see cref="HardParameterSharing"/>,
            /// <see cref="ConvolutionalTrunk"/>, <see cref="MixtureOfExperts"/> (MMoE), <see cref="CustomizedGateControl"/> (CGC),
            /// <see cref="ProgressiveLayeredExtraction"/> (PLE) or <see cref="CrossStitch"/>. Default null: hard parameter sharing
            /// with a trunk of <see cref="HiddenLayers"/>. <see cref="Activation"/>, <see cref="Dropout"/> and
            /// <see cref="WeightInitialization"/> apply to every architecture's layers.
            /// </summary>
            public MultiTaskArchitecture Architecture { get; set; }

            /// <summary>Hidden layer sizes of every head that does not set its own (<see cref="TaskSpec.HeadHiddenLayers"/>). Default empty (linear heads).</summary>
            public int[] HeadHiddenLayers { get; set; } = Array.Empty<int>();

            /// <summary>Non-linearity after each hidden layer. Default <see cref="MultiTask.MLNet.Activation.ReLU"/>.</summary>
            public Activation Activation { get; set; } = Activation.ReLU;

            /// <summary>How the dense layers' weights start. Default <see cref="MultiTask.MLNet.WeightInitialization.Default"/> (TorchSharp's).</summary>
            public WeightInitialization WeightInitialization { get; set; } = WeightInitialization.Default;

            /// <summary>Dropout probability after each hidden layer while training, in [0, 1). Default 0.</summary>
            public float Dropout { get; set; }

            /// <summary>Number of passes over the training data, >= 1. Default 50.</summary>
            public int MaxEpochs { get; set; } = 50;

            /// <summary>Rows per mini-batch, >= 1. Default 64.</summary>
            public int BatchSize { get; set; } = 64;

            /// <summary>Adam's learning rate, > 0. Default 1e-3.</summary>
            public double LearningRate { get; set; } = 1e-3;

            /// <summary>Adam's epsilon, > 0. Default 1e-8 (seed 004 uses 1e-3).</summary>
            public double AdamEpsilon { get; set; } = 1e-8;

            /// <summary>Adam's first-moment decay, in [0, 1). Default 0.9.</summary>
            public double AdamBeta1 { get; set; } = 0.9;

            /// <summary>Adam's second-moment decay, in [0, 1). Default 0.999.</summary>
            public double AdamBeta2 { get; set; } = 0.999;

            /// <summary>
            /// Seed of weight initialisation, shuffling, dropout and the <see cref="ValidationFraction"/> hold-out. Default null: drawn from the MLContext's seed,
            /// so <c>new MLContext(seed: 1)</c> alone makes training reproducible.
            /// </summary>
            public int? Seed { get; set; }

            /// <summary>
            /// Data scored after every epoch; with it, training stops after <see cref="EarlyStoppingPatience"/> epochs
            /// without a better weighted validation loss and the best epoch's weights are kept. Default null.
            /// It must have the columns the trainer reads (the feature vector, labels, ...), so inside a pipeline pass data
            /// transformed by the same preceding steps (for example <c>prefix.Fit(train).Transform(validation)</c>); to hold
            /// out part of the training rows instead, use <see cref="ValidationFraction"/>.
            /// </summary>
            public IDataView ValidationSet { get; set; }

            /// <summary>
            /// Fraction of the training rows held out (chosen with <see cref="Seed"/>) as the validation set for early
            /// stopping, as LightGBM's and AutoML's users know it: the simplest choice inside a pipeline, since the held-out
            /// rows went through the same transforms. In [0, 1); default 0 (no hold-out). Cannot be combined with
            /// <see cref="ValidationSet"/>. Regression label statistics (see <see cref="StandardizeRegressionLabels"/>) are
            /// taken from the remaining training rows only.
            /// </summary>
            public double ValidationFraction { get; set; }

            /// <summary>
            /// Train every regression head on standardised labels (per output slot: minus the mean, divided by the standard
            /// deviation of the labelled training rows; a constant slot is only centred) and undo it in the exported graph,
            /// so <c>Name.Score</c> stays in the label's units. Without it a target on a raw scale (prices in the hundreds)
            /// dominates the summed loss and starves the other tasks. Default true. Training and validation losses in the
            /// history are then on the standardised scale (a regression loss of 1 is the label's variance). A warm start
            /// keeps the initial model's statistics.
            /// </summary>
            public bool StandardizeRegressionLabels { get; set; } = true;

            /// <summary>Epochs without improvement of the validation loss before training stops, >= 1. Default 10. Used only with <see cref="ValidationSet"/> or <see cref="ValidationFraction"/>.</summary>
            public int EarlyStoppingPatience { get; set; } = 10;

            /// <summary>Where to train. Default <see cref="ComputeDevice.Cpu"/>.</summary>
            public ComputeDevice Device { get; set; } = ComputeDevice.Cpu;

            /// <summary>
            /// Threads TorchSharp may use (a process-wide setting, left as set after Fit). Default null: TorchSharp's choice,
            /// except that <see cref="StreamTrainingData"/> leaves one core to its reader during the Fit.
            /// </summary>
            public int? NumberOfThreads { get; set; }

            /// <summary>
            /// How the tasks' gradients on the shared trunk combine into one update. Default null: the gradient of the
            /// weighted sum of losses, in one backward pass. Any other combiner (<see cref="ProjectionCombiner"/>,
            /// <see cref="PCGradCombiner"/>, ... or your own <see cref="Gradients.IGradientCombiner"/>) gets each task's
            /// gradient separately and records gradient cosines and conflicts in the training history.
            /// </summary>
            public Gradients.IGradientCombiner GradientCombiner { get; set; }

            /// <summary>Blocks a parameter-level combiner sees: each parameter tensor (default) or the whole trunk as one vector.</summary>
            public GradientScope GradientScope { get; set; } = GradientScope.PerParameterTensor;

            /// <summary>Where a combiner works: on the trunk's parameters (default) or on the shared representation z.</summary>
            public GradientLevel GradientLevel { get; set; } = GradientLevel.Parameters;

            /// <summary>Which rows each step shows each task. Default <see cref="TaskSampling.SharedBatch"/>.</summary>
            public TaskSampling TaskSampling { get; set; } = TaskSampling.SharedBatch;

            /// <summary>
            /// How the task losses are weighted at every step. Default null: the tasks' fixed <see cref="TaskSpec.Weight"/>s
            /// (<see cref="FixedWeighting"/>). <see cref="GeometricMeanWeighting"/> minimises the geometric mean of the losses;
            /// <see cref="GradNormWeighting"/> learns the weights. Composes with gradient combiners, which see the step's
            /// weights; RotoGrad and RotoGradNorm set gradient magnitudes themselves and refuse a non-fixed weighting.
            /// </summary>
            public Gradients.ILossWeighting LossWeighting { get; set; }

            /// <summary>Joint (default: every step trains every task) or Alternate (every step trains one task).</summary>
            public TrainingSchedule Schedule { get; set; } = TrainingSchedule.Joint;

            /// <summary>How the alternate schedule picks each step's task. Default <see cref="MultiTask.MLNet.AlternateTaskChoice.Uniform"/>.</summary>
            public AlternateTaskChoice AlternateTaskChoice { get; set; } = AlternateTaskChoice.Uniform;

            /// <summary>
            /// Alternate schedule only: one Adam optimiser per task (over the trunk and that task's head, as in seed 002),
            /// instead of one for the whole network. Default false.
            /// </summary>
            public bool OptimizerPerTask { get; set; }

            /// <summary>Which validation loss early stopping follows. Default <see cref="EarlyStoppingCriterion.WeightedLoss"/>.</summary>
            public EarlyStoppingCriterion EarlyStoppingCriterion { get; set; } = EarlyStoppingCriterion.WeightedLoss;

            /// <summary>
            /// Read the training rows (and the <see cref="ValidationSet"/>) from the IDataView afresh on every epoch instead of
            /// copying them into memory once, so data larger than memory (for example an ML.NET binary <c>.idv</c> file) can be
            /// trained on; the memory used is about <see cref="ShuffleBufferSize"/> rows. Before the first epoch one pass checks
            /// every value and gathers the label statistics; each epoch then draws mini-batches through a shuffle buffer seeded
            /// by <see cref="Seed"/>, so the same seed gives the same model. Rows are shuffled within the buffer's reach only:
            /// data sorted by label should be shuffled once beforehand (<c>mlContext.Data.ShuffleRows</c> or when writing the
            /// file). With <see cref="ValidationFraction"/> each row is held out by a seeded coin toss, so the hold-out's size is
            /// close to, not exactly, the fraction. Needs <see cref="TaskSampling.SharedBatch"/> and
            /// <see cref="TrainingSchedule.Joint"/> (sampling each task from its own rows needs them all at hand). The next
            /// mini-batches are read on a thread of their own while one trains; unless <see cref="NumberOfThreads"/> is set,
            /// training then uses one thread fewer than the machine has cores, for this Fit only. Default false.
            /// </summary>
            public bool StreamTrainingData { get; set; }

            /// <summary>
            /// With <see cref="StreamTrainingData"/>, how many rows the shuffle buffer holds (as in TensorFlow's
            /// <c>Dataset.shuffle</c>): rows enter the buffer as they are read and each mini-batch row is drawn at random from
            /// it. Larger mixes better and costs memory (rows x feature size x 4 bytes); a buffer at least as large as the data
            /// is a full shuffle. >= 1; default 100,000.
            /// </summary>
            public int ShuffleBufferSize { get; set; } = 100_000;

            /// <summary>
            /// Also measure each task's metric (RMSE in the label's units, accuracy) on the training batches as they train, for
            /// the log and <see cref="EpochRecord.TrainingMetrics"/>, as Keras's <c>metrics=</c> does; validation metrics are
            /// always reported. Costs a few tensor operations per task and step, and changes nothing in the model. Default false.
            /// </summary>
            public bool ReportTrainingMetrics { get; set; }

            /// <summary>
            /// Told about every completed epoch (losses, weights, gradient statistics), on the training thread, before
            /// early stopping decides; for progress bars and live plots. Default null.
            /// </summary>
            public IProgress<EpochRecord> Progress { get; set; }

            /// <summary>Cancels this Fit (checked before every mini-batch): Fit then throws <see cref="OperationCanceledException"/>. Default none.</summary>
            public System.Threading.CancellationToken CancellationToken { get; set; }

            internal void Validate()
            {
                Require(!string.IsNullOrWhiteSpace(FeatureColumnName), nameof(FeatureColumnName), "must name a column");
                Require(Tasks != null && Tasks.Count > 0, nameof(Tasks), "must hold at least one TaskSpec");
                Require(Tasks.All(t => t != null), nameof(Tasks), "must not contain null");
                var duplicate = Tasks.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
                Require(duplicate == null, nameof(Tasks), $"has two tasks named '{duplicate?.Key}'; give one a different name");
                CheckLayers(HiddenLayers, nameof(HiddenLayers));
                CheckLayers(HeadHiddenLayers, nameof(HeadHiddenLayers));
                foreach (var task in Tasks.Where(t => t.HeadHiddenLayers != null))
                    CheckLayers(task.HeadHiddenLayers, $"{nameof(TaskSpec.HeadHiddenLayers)} of task '{task.Name}'");
                Require(Dropout >= 0 && Dropout < 1, nameof(Dropout), $"must be in [0, 1), got {Dropout}");
                Require(MaxEpochs >= 1, nameof(MaxEpochs), $"must be >= 1, got {MaxEpochs}");
                Require(BatchSize >= 1, nameof(BatchSize), $"must be >= 1, got {BatchSize}");
                Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), $"must be a finite number > 0, got {LearningRate}");
                Require(AdamEpsilon > 0 && double.IsFinite(AdamEpsilon), nameof(AdamEpsilon), $"must be a finite number > 0, got {AdamEpsilon}");
                Require(AdamBeta1 >= 0 && AdamBeta1 < 1, nameof(AdamBeta1), $"must be in [0, 1), got {AdamBeta1}");
                Require(AdamBeta2 >= 0 && AdamBeta2 < 1, nameof(AdamBeta2), $"must be in [0, 1), got {AdamBeta2}");
                Require(ValidationFraction >= 0 && ValidationFraction < 1, nameof(ValidationFraction), $"must be in [0, 1), got {ValidationFraction}");
                Require(ValidationFraction == 0 || ValidationSet == null, nameof(ValidationFraction),
                    $"is {ValidationFraction} and ValidationSet is set too; use one of them");
                Require(EarlyStoppingPatience >= 1, nameof(EarlyStoppingPatience), $"must be >= 1, got {EarlyStoppingPatience}");
                Require(Tasks.Count(t => t.IsPrimary) <= 1, nameof(Tasks), "marks more than one task as primary; mark one");
                Require(EarlyStoppingCriterion != EarlyStoppingCriterion.PrimaryTaskLoss || Tasks.Any(t => t.IsPrimary), nameof(EarlyStoppingCriterion),
                    "is PrimaryTaskLoss but no task is primary; mark one with TaskSpec.AsPrimary()");
                Require(GradientLevel != GradientLevel.Representation || TaskSampling == TaskSampling.SharedBatch, nameof(GradientLevel),
                    "is Representation, which compares task gradients on the same rows, but TaskSampling is PerTask (each task on its own rows); use SharedBatch");
                Require(GradientLevel != GradientLevel.Representation || GradientCombiner != null, nameof(GradientLevel),
                    "is Representation but no GradientCombiner is set; set one (SumCombiner for the plain sum)");
                bool dynamicWeights = LossWeighting?.VariesWeights ?? false;
                Require(Schedule != TrainingSchedule.Alternate || GradientCombiner == null, nameof(GradientCombiner),
                    "is set, but the Alternate schedule trains one task per step and has nothing to combine; use the Joint schedule");
                Require(Schedule != TrainingSchedule.Alternate || !dynamicWeights, nameof(LossWeighting),
                    "is set, but the Alternate schedule trains one task per step; weigh tasks with TaskSpec.Weight or AlternateTaskChoice");
                Require(!OptimizerPerTask || Schedule == TrainingSchedule.Alternate, nameof(OptimizerPerTask),
                    "is true, which only the Alternate schedule uses; set Schedule = TrainingSchedule.Alternate");
                Require(ShuffleBufferSize >= 1, nameof(ShuffleBufferSize), $"must be >= 1, got {ShuffleBufferSize}");
                Require(!StreamTrainingData || (TaskSampling == TaskSampling.SharedBatch && Schedule == TrainingSchedule.Joint), nameof(StreamTrainingData),
                    $"is true, but TaskSampling is {TaskSampling} and Schedule is {Schedule}: sampling each task from its own rows needs every row at hand; " +
                    "use TaskSampling.SharedBatch with TrainingSchedule.Joint, or train in memory");
                Require(NumberOfThreads == null || NumberOfThreads >= 1, nameof(NumberOfThreads), $"must be null or >= 1, got {NumberOfThreads}");
                Architecture?.Validate();
                bool oneRepresentation = Architecture?.HasSharedRepresentation ?? true;
                Require(GradientLevel != GradientLevel.Representation || oneRepresentation, nameof(GradientLevel),
                    $"is Representation, but {Architecture?.GetType().Name} gives each task its own representation, so there is no one shared " +
                    "representation to take the tasks' gradients at; use GradientLevel.Parameters (the shared parameters)");
                if (GradientCombiner != null)
                    ValidateCombinerRequirements(GradientCombiner.Requirements, dynamicWeights, oneRepresentation);
            }

            // What the combiner declares it needs, checked against the options, naming both.
            private void ValidateCombinerRequirements(CombinerRequirements needs, bool dynamicWeights, bool oneRepresentation)
            {
                string name = GradientCombiner.GetType().Name;
                Require(!needs.HasFlag(CombinerRequirements.PrimaryTask) || Tasks.Any(t => t.IsPrimary), nameof(Tasks),
                    $"marks no task as primary, but {name} needs one: mark it with TaskSpec.AsPrimary(); the others are auxiliary");
                Require(!needs.HasFlag(CombinerRequirements.SharedBatch) || TaskSampling == TaskSampling.SharedBatch, nameof(TaskSampling),
                    $"is PerTask, but {name} compares the tasks' gradients on the same rows; use SharedBatch");
                Require(!needs.HasFlag(CombinerRequirements.SharedRepresentation) || oneRepresentation, nameof(GradientCombiner),
                    $"is {name}, which works on one representation shared by every task, but {Architecture?.GetType().Name} " +
                    "gives each task its own; use HardParameterSharing or ConvolutionalTrunk");
                Require(!needs.HasFlag(CombinerRequirements.OwnTaskMagnitudes) || !dynamicWeights, nameof(LossWeighting),
                    $"is {LossWeighting?.GetType().Name}, but {name} sets the task gradients' magnitudes itself; remove the weighting");
                Require(!needs.HasFlag(CombinerRequirements.RepresentationLevel) || GradientLevel == GradientLevel.Representation, nameof(GradientLevel),
                    $"is Parameters, but {name} works on the gradients at the shared representation only; set GradientLevel.Representation");
            }

            /// <summary>
            /// A copy that later changes to this object cannot reach: the trainer keeps one, as ML.NET's trainers keep their
            /// options, so a Fit always runs the options that were validated when the trainer was created.
            /// </summary>
            internal Options Clone()
            {
                var copy = (Options)MemberwiseClone();
                copy.Tasks = Tasks == null ? null : new List<TaskSpec>(Tasks);
                copy.HiddenLayers = (int[])HiddenLayers?.Clone();
                copy.HeadHiddenLayers = (int[])HeadHiddenLayers?.Clone();
                copy.Architecture = Architecture?.Clone();
                return copy;
            }

            internal IReadOnlyList<int> HeadLayersOf(TaskSpec task) => task.HeadHiddenLayers ?? HeadHiddenLayers ?? Array.Empty<int>();

            private static void CheckLayers(IReadOnlyList<int> sizes, string option)
            {
                Require(sizes != null, option, "must not be null (use an empty array for none)");
                Require(sizes.All(s => s >= 1), option, $"must hold sizes >= 1, got [{string.Join(", ", sizes)}]");
            }

            private static void Require(bool condition, string option, string message)
            {
                if (!condition)
                    throw new ArgumentOutOfRangeException(option, $"MultiTaskTrainer.Options.{option} {message}.");
            }
        }
    }
}
