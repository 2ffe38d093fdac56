using System.Linq;
using MultiTask.MLNet.Gradients;
using MultiTask.MLNet.Runtime;
using NUnit.Framework;
using TorchSharp;

namespace MultiTask.MLNet.Tests
{
    public class GradDropCombinerTests
    {
        [OneTimeSetUp]
        public void Native() => TorchSharpRuntime.EnsureInitialized();

        private static float[] Combine(GradDropCombiner combiner, int seed, float[][] rows)
        {
            combiner.Reset(new GradientCombinerContext(Enumerable.Range(0, rows.Length).Select(i => $"t{i}").ToList(),
                Enumerable.Repeat(1f, rows.Length).ToList(), null, seed));
            using var scope = torch.NewDisposeScope();
            return combiner.Combine(0, torch.tensor(rows.SelectMany(r => r).ToArray(), new long[] { rows.Length, rows[0].Length })).data<float>().ToArray();
        }

        private static readonly float[][] Mixed =
        {
            new[] { 1f, -2, 0.5f, 3, -1, 0 },
            new[] { -1f, 1, 0.5f, -0.1f, -2, 0 },
            new[] { 2f, 0.5f, -0.5f, 0.2f, 1, 0 },
        };

        [Test]
        public void EachCoordinateKeepsOnlyOneSignsTerms()
        {
            for (int seed = 0; seed < 20; seed++)
            {
                var d = Combine(new GradDropCombiner(), seed, Mixed);
                for (int p = 0; p < d.Length; p++)
                {
                    float positive = Mixed.Where(r => r[p] > 0).Sum(r => r[p]);
                    float negative = Mixed.Where(r => r[p] < 0).Sum(r => r[p]);
                    Assert.That(d[p], Is.EqualTo(positive).Within(1e-6).Or.EqualTo(negative).Within(1e-6), $"seed {seed}, coordinate {p}");
                }
            }
        }

        [Test]
        public void AgreeingSignsAreKeptAndBothSignsOccurOverDraws()
        {
            var agreeing = new[] { new[] { 1f, -1 }, new[] { 2f, -3 } };
            Assert.That(Combine(new GradDropCombiner(), 1, agreeing), Is.EqualTo(new[] { 3f, -4 }).Within(1e-6), "purity 1 or 0 keeps every term");
            // Balanced coordinates (purity 1/2) keep the positive side about half the time.
            var kept = Enumerable.Range(0, 200).Count(seed => Combine(new GradDropCombiner(), seed, new[] { new[] { 1f }, new[] { -1f } })[0] > 0);
            Assert.That(kept, Is.InRange(70, 130));
        }

        [Test]
        public void SameSeedSameDropsAndFullLeakIsTheSum()
        {
            Assert.That(Combine(new GradDropCombiner(), 7, Mixed), Is.EqualTo(Combine(new GradDropCombiner(), 7, Mixed)));
            var sum = Enumerable.Range(0, 6).Select(p => Mixed.Sum(r => r[p])).ToArray();
            Assert.That(Combine(new GradDropCombiner(leak: 1), 7, Mixed), Is.EqualTo(sum).Within(1e-6));
        }
    }
}
