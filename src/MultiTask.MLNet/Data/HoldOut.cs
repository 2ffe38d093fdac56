using System;
using System.Linq;

namespace MultiTask.MLNet.Data
{
    /// <summary>Splits training rows into the rows trained on and a seeded random hold-out for early stopping.</summary>
    internal static class HoldOut
    {
        public static (TrainingData Train, TrainingData Validation) Split(TrainingData data, double fraction, int seed)
        {
            int held = (int)Math.Round(data.RowCount * fraction, MidpointRounding.AwayFromZero);
            if (held < 1 || held >= data.RowCount)
                throw new InvalidOperationException(
                    $"MultiTaskTrainer.Options.ValidationFraction = {fraction} of {data.RowCount} training rows holds out {held} row(s); " +
                    "both the hold-out and the rest need at least one row. Use more data, another fraction, or a ValidationSet.");
            var order = Enumerable.Range(0, data.RowCount).ToArray();
            new Random(seed).Shuffle(order);
            // Each part keeps the data's row order, so that only the choice of rows depends on the seed.
            var validation = order.Take(held).OrderBy(i => i).ToArray();
            var train = order.Skip(held).OrderBy(i => i).ToArray();
            return (data.Rows(train), data.Rows(validation));
        }
    }
}
