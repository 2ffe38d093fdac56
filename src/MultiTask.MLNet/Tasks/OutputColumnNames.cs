namespace MultiTask.MLNet
{
    /// <summary>Names of the columns a task adds to the data: <c>&lt;task name&gt;.Score</c> and friends.</summary>
    public static class OutputColumnNames
    {
        /// <summary>Suffix of the score column (regression value, binary logit, multiclass probabilities).</summary>
        public const string ScoreSuffix = ".Score";

        /// <summary>Suffix of the probability column (binary tasks).</summary>
        public const string ProbabilitySuffix = ".Probability";

        /// <summary>Suffix of the predicted label column (binary and multiclass tasks).</summary>
        public const string PredictedLabelSuffix = ".PredictedLabel";

        /// <summary>The score column of a task.</summary>
        public static string Score(string taskName) => taskName + ScoreSuffix;

        /// <summary>The probability column of a binary task.</summary>
        public static string Probability(string taskName) => taskName + ProbabilitySuffix;

        /// <summary>The predicted label column of a classification task.</summary>
        public static string PredictedLabel(string taskName) => taskName + PredictedLabelSuffix;

        // Intermediate columns of the scoring chain, dropped from its output.
        internal static string OneSlot(string column) => column + "#slot";
        internal static string ClassIndex(string taskName) => PredictedLabel(taskName) + "#index";
        internal static string ClassValue(string taskName) => PredictedLabel(taskName) + "#value";
        internal const string SavedInputScore = "Score#input";
    }
}
