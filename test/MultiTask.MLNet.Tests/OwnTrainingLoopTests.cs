using System;
using System.Linq;
using MultiTask.MLNet.Gradients;
using NUnit.Framework;
using TorchSharp;

namespace MultiTask.MLNet.Tests
{
    /// <summary>The methods used outside the trainer, in a training loop of one's own (the method benchmark's toy does).</summary>
    public class OwnTrainingLoopTests
    {
        [OneTimeSetUp]
        public void LoadTorch() => Runtime.TorchSharpRuntime.EnsureInitialized();

        [Test]
        public void ContextsRefuseTaskListsThatDoNotAddUp()
        {
            Assert.That(() => new GradientCombinerContext(Array.Empty<string>()), Throws.ArgumentException.With.Message.Contain("At least one task"));
            Assert.That(() => new GradientCombinerContext(new[] { "a", "a" }), Throws.ArgumentException.With.Message.Contain("'a' appears more than once"));
            Assert.That(() => new GradientCombinerContext(new[] { "a", " " }), Throws.ArgumentException.With.Message.Contain("Task 1 has no name"));
            Assert.That(() => new GradientCombinerContext(new[] { "a", "b" }, new[] { 1f }), Throws.ArgumentException.With.Message.Contain("Expected 2 task weights"));
            Assert.That(() => new GradientCombinerContext(new[] { "a", "b" }, new[] { 1f, float.NaN }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contain("Task 1's weight"));
            Assert.That(() => new GradientCombinerContext(new[] { "a", "b" }, primaryTask: 2), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contain("[0, 1]"));
            Assert.That(() => new LossWeightingContext(new[] { "a" }, learningRate: 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new LossWeightingInputs(-1, new[] { 1.0 }, null), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new LossWeightingInputs(0, new[] { 1.0, -0.5 }, null), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contain("Task 1's loss is -0.5"));
            Assert.That(new GradientCombinerContext(new[] { "a", "b" }).TaskWeights, Is.EqualTo(new[] { 1f, 1f }), "weights default to 1");
        }

        [Test]
        public void LossReadingRulesRefuseNegativeLossesNamingTheTask()
        {
            // DB-MTL divides by the loss: a negative one would turn its step uphill without a word.
            var (combiner, context) = DbMtlInOwnLoop("depth", "edges");
            using var scope = torch.NewDisposeScope();
            context.SetTaskLosses(new[] { 0.5, -0.1 });
            Assert.That(() => combiner.Combine(0, torch.ones(2, 3)), Throws.InvalidOperationException.With.Message.Contain("'edges' has loss -0.1"));
            Assert.That(() => context.SetTaskLosses(new[] { 1.0 }), Throws.ArgumentException.With.Message.Contain("Expected 2 losses"));
        }

        [Test]
        public void ACombinerInAnOwnLoopGivesTheTrainersArithmetic()
        {
            // DB-MTL's first step: m_k = (1 - 0.9) g_k / L_k, each scaled to the largest norm, summed.
            var (combiner, context) = DbMtlInOwnLoop("a", "b");
            using var scope = torch.NewDisposeScope();
            context.SetTaskLosses(new[] { 2.0, 0.5 });
            var d = combiner.Combine(0, torch.tensor(new float[] { 4, 0, 0, 1 }, 2, 2)).data<float>().ToArray();
            // m_a = 0.1 * (2, 0) = (0.2, 0); m_b = 0.1 * (0, 2) = (0, 0.2): equal norms, so d = m_a + m_b.
            Assert.That(d, Is.EqualTo(new[] { 0.2f, 0.2f }).Within(1e-6));
        }

        private static (DbMtlCombiner Combiner, GradientCombinerContext Context) DbMtlInOwnLoop(params string[] tasks)
        {
            var context = new GradientCombinerContext(tasks);
            var combiner = new DbMtlCombiner();
            combiner.Reset(context);
            return (combiner, context);
        }
    }
}
