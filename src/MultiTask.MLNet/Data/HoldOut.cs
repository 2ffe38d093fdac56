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

        /// <summary>
        /// For data read as a stream: whether the row at <paramref name="position"/> is held out, by a coin toss with
        /// probability <paramref name="fraction"/> that depends only on <paramref name="seed"/> and the position (SplitMix64).
        /// </summary>
        public static bool IsHeldOut(long position, double fraction, int seed)
        {
            ulong z = unchecked((ulong)position + 0x9E3779B97F4A7C15UL * (ulong)(uint)seed + 0x632BE59BD9B4E019UL);
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53)) < fraction;
        }
    }
}
