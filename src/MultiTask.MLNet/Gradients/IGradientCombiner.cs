using TorchSharp;

namespace MultiTask.MLNet.Gradients
{
    /// <summary>
    /// Decides how the tasks' gradients on the shared trunk combine into one update: gradient surgery.
    /// The trainer owns autograd; a combiner owns only arithmetic on the gradients it is handed.
    /// </summary>
    /// <remarks>
    /// For every step the trainer computes each task's gradient of its own (unweighted) loss and calls
    /// <see cref="Combine"/> once per block: one parameter tensor of the trunk, the whole trunk as one
    /// vector, or the representation z (see <see cref="MultiTaskTrainer.Options.GradientScope"/> and
    /// <see cref="MultiTaskTrainer.Options.GradientLevel"/>). Heads always receive their own task's gradient
    /// times the task's weight. Implement this interface to plug in a rule of your own; keep any state
    /// across steps (per block) in the instance and clear it in <see cref="Reset"/>.
    /// </remarks>
    public interface IGradientCombiner
    {
        /// <summary>
        /// What the rule needs from the training (a primary task, shared batches, ...); the trainer checks it when it is
        /// created. Default: <see cref="CombinerRequirements.None"/>.
        /// </summary>
        CombinerRequirements Requirements => CombinerRequirements.None;

        /// <summary>Called at the start of every Fit, before the first step.</summary>
        void Reset(GradientCombinerContext context);

        /// <summary>
        /// Combines the task gradients of one block into the update direction of that block.
        /// </summary>
        /// <param name="block">Which block (0-based, stable across steps): lets a combiner keep per-block state.</param>
        /// <param name="taskGradients">[K, P]: row k is the gradient of task k's loss on the block (a zero row when
        /// the batch had no labelled row for that task). Created inside the step's dispose scope.</param>
        /// <returns>[P]: the combined gradient the optimiser will follow for this block.</returns>
        torch.Tensor Combine(int block, torch.Tensor taskGradients);
    }
}
