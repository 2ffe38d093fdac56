namespace MultiTask.MLNet.Training
{
    /// <summary>Tracks the best validation loss; asks to stop after <c>patience</c> epochs without a strictly better one.</summary>
    internal sealed class EarlyStopping
    {
        private readonly int patience;
        private double best = double.PositiveInfinity;
        private int epochsWithoutImprovement;

        public EarlyStopping(int patience) => this.patience = patience;

        public bool ShouldStop => epochsWithoutImprovement >= patience;

        /// <summary>Records an epoch's loss; true when it is the best so far.</summary>
        public bool Improved(double loss)
        {
            if (loss < best)
            {
                best = loss;
                epochsWithoutImprovement = 0;
                return true;
            }
            epochsWithoutImprovement++;
            return false;
        }
    }
}
