namespace MultiTask.MLNet
{
    /// <summary>The kind of prediction a task head makes; it fixes the label type, the loss and the output columns.</summary>
    public enum TaskKind
    {
        /// <summary>Float label (or known-size vector of float); mean squared error; output <c>Score</c>.</summary>
        Regression,

        /// <summary>Boolean label; binary cross-entropy on a logit; outputs <c>Score</c>, <c>Probability</c>, <c>PredictedLabel</c>.</summary>
        BinaryClassification,

        /// <summary>Key-typed label; cross-entropy; outputs <c>Score</c> (class probabilities) and <c>PredictedLabel</c> (key).</summary>
        MulticlassClassification,
    }
}
