using System;
using System.Collections.Generic;
using MultiTask.MLNet.Tasks.Kinds;

namespace MultiTask.MLNet
{
    /// <summary>
    /// One task of a multi-task network: which label column it learns, how (its <see cref="Kind"/>), under
    /// which name its output columns appear, and how much its loss weighs.
    /// </summary>
    public sealed class TaskSpec
    {
        private TaskSpec(TaskKind kind, string labelColumnName, string name, float weight, IReadOnlyList<int> headHiddenLayers,
            bool isPrimary = false, string hasLabelColumnName = null)
        {
            if (string.IsNullOrWhiteSpace(labelColumnName))
                throw new ArgumentException("A task needs a label column name.", nameof(labelColumnName));
            if (name != null && string.IsNullOrWhiteSpace(name))
                throw new ArgumentException("A task name cannot be blank; pass null to use the label column name.", nameof(name));
            if (!(weight >= 0) || float.IsInfinity(weight))
                throw new ArgumentOutOfRangeException(nameof(weight), weight, $"The loss weight of task '{name ?? labelColumnName}' must be a finite number >= 0.");
            Kind = kind;
            LabelColumnName = labelColumnName;
            Name = name ?? labelColumnName;
            Weight = weight;
            HeadHiddenLayers = headHiddenLayers;
            IsPrimary = isPrimary;
            HasLabelColumnName = hasLabelColumnName;
        }

        /// <summary>The kind of head, loss and outputs.</summary>
        public TaskKind Kind { get; }

        internal TaskKindRules Rules => TaskKindRules.For(Kind);

        /// <summary>The label column: float or known-size vector of float (regression), bool (binary), key (multiclass).</summary>
        public string LabelColumnName { get; }

        /// <summary>Prefix of the task's output columns (<c>Name.Score</c>, ...). Default: the label column name.</summary>
        public string Name { get; }

        /// <summary>Weight of the task's loss in the training objective. Default 1; any finite value >= 0.</summary>
        public float Weight { get; }

        /// <summary>
        /// Hidden layer sizes of this task's head, between the shared trunk and the output layer. Null (default)
        /// uses <see cref="MultiTaskTrainer.Options.HeadHiddenLayers"/>; an empty list gives a linear head.
        /// </summary>
        public IReadOnlyList<int> HeadHiddenLayers { get; }

        /// <summary>
        /// True for the primary task, the one the others serve: primary/auxiliary gradient combiners
        /// (<see cref="ProjectionCombiner"/> and friends) adjust the other tasks' gradients against it, epochs count its
        /// rows under <see cref="TaskSampling.PerTask"/>, and early stopping can follow it. At most one task is primary.
        /// </summary>
        public bool IsPrimary { get; }

        /// <summary>
        /// Optional Boolean column: rows where it is false have no label for this task and do not count in its loss.
        /// Default null: a row lacks the label only when it is missing (NaN regression value, missing key).
        /// </summary>
        public string HasLabelColumnName { get; }

        /// <summary>This task, marked as the primary task.</summary>
        public TaskSpec AsPrimary() => new TaskSpec(Kind, LabelColumnName, Name, Weight, HeadHiddenLayers, true, HasLabelColumnName);

        /// <summary>This task, with a Boolean column that says which rows carry its label (see <see cref="HasLabelColumnName"/>).</summary>
        public TaskSpec WithHasLabelColumn(string hasLabelColumnName)
        {
            if (string.IsNullOrWhiteSpace(hasLabelColumnName))
                throw new ArgumentException("The has-label column name cannot be blank.", nameof(hasLabelColumnName));
            return new TaskSpec(Kind, LabelColumnName, Name, Weight, HeadHiddenLayers, IsPrimary, hasLabelColumnName);
        }

        // A task as a saved model describes it.
        internal static TaskSpec Create(TaskKind kind, string labelColumnName, string name, float weight, int[] headHiddenLayers)
            => new TaskSpec(kind, labelColumnName, name, weight, headHiddenLayers);

        /// <summary>A regression task: mean squared error on a float label, or on every slot of a known-size float vector label.</summary>
        /// <param name="labelColumnName">Float or known-size vector-of-float column.</param>
        /// <param name="name">Output column prefix; default the label column name.</param>
        /// <param name="weight">Loss weight, default 1.</param>
        /// <param name="headHiddenLayers">Hidden layers of this head; null takes the trainer's default.</param>
        public static TaskSpec Regression(string labelColumnName, string name = null, float weight = 1f, int[] headHiddenLayers = null)
            => new TaskSpec(TaskKind.Regression, labelColumnName, name, weight, headHiddenLayers);

        /// <summary>A binary classification task on a boolean label (binary cross-entropy on the logit).</summary>
        /// <param name="labelColumnName">Boolean column.</param>
        /// <param name="name">Output column prefix; default the label column name.</param>
        /// <param name="weight">Loss weight, default 1.</param>
        /// <param name="headHiddenLayers">Hidden layers of this head; null takes the trainer's default.</param>
        public static TaskSpec BinaryClassification(string labelColumnName, string name = null, float weight = 1f, int[] headHiddenLayers = null)
            => new TaskSpec(TaskKind.BinaryClassification, labelColumnName, name, weight, headHiddenLayers);

        /// <summary>A multiclass task on a key-typed label, as <c>MapValueToKey</c> makes it (cross-entropy).</summary>
        /// <param name="labelColumnName">Key-typed column; its KeyValues name the classes of <c>PredictedLabel</c>.</param>
        /// <param name="name">Output column prefix; default the label column name.</param>
        /// <param name="weight">Loss weight, default 1.</param>
        /// <param name="headHiddenLayers">Hidden layers of this head; null takes the trainer's default.</param>
        public static TaskSpec MulticlassClassification(string labelColumnName, string name = null, float weight = 1f, int[] headHiddenLayers = null)
            => new TaskSpec(TaskKind.MulticlassClassification, labelColumnName, name, weight, headHiddenLayers);

        /// <inheritdoc/>
        public override string ToString() => $"{Kind} '{Name}' (label '{LabelColumnName}', weight {Weight}{(IsPrimary ? ", primary" : "")})";
    }
}
