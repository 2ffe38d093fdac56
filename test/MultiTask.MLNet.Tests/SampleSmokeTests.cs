using System;
using System.IO;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    /// <summary>Runs every sample's smallest configuration (--smoke) so that samples cannot rot.</summary>
    public class SampleSmokeTests
    {
        private string output;

        [SetUp]
        public void Setup() => output = Path.Combine(Path.GetTempPath(), "mt-sample-" + Guid.NewGuid().ToString("N"));

        [TearDown]
        public void TearDown()
        {
            if (Directory.Exists(output))
                Directory.Delete(output, recursive: true);
        }

        [TestCase("Quickstart", "house-model.zip", "training-loss.png", "Multi-task NN")]
        [TestCase("GradientSurgery", "results.csv", "test-mse-lambda-1.png", "| Projection (alpha 1, per tensor) |")]
        [TestCase("GeometricLoss", "ratios.csv", "ratios.png", "| Hetero |")]
        [TestCase("AlternateTraining", "curves.csv", "validation-spend.png", "| Alternate, uniform |")]
        [TestCase("FashionMnist", "reconstructions.png", "fashion-model.zip", "published MLP 256-128-100")]
        public void SampleRunsAndWritesItsResults(string sample, string firstFile, string secondFile, string expectedOutput)
        {
            if (sample == "FashionMnist" && !Directory.Exists("/usr/share/datasets/fashion-mnist"))
                Assert.Ignore("Fashion-MNIST is not installed: apt-get install dataset-fashion-mnist (.ci/run does).");
            var (exitCode, stdout, stderr) = SampleProcess.Run(sample, $"--smoke --output \"{output}\"");
            Assert.That(exitCode, Is.EqualTo(0), stderr);
            Assert.That(stdout, Does.Contain(expectedOutput));
            Assert.That(stdout, Does.Contain("Reloaded").Or.Contain("Saved"), "the sample reloads its saved model");
            Assert.That(File.Exists(Path.Combine(output, firstFile)), Is.True, firstFile);
            Assert.That(File.Exists(Path.Combine(output, secondFile)), Is.True, secondFile);
        }

        [Test]
        public void FashionMnistSaysHowToGetItsData()
        {
            var (exitCode, _, stderr) = SampleProcess.Run("FashionMnist", $"--smoke --data \"{Path.Combine(output, "nowhere")}\" --output \"{output}\"");
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(stderr, Does.Contain("apt-get install dataset-fashion-mnist"));
        }
    }
}
