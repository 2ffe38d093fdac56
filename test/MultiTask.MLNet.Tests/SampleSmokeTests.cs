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

        [TestCase("Quickstart", "Multi-task NN", "house-model.zip", "training-loss.png")]
        [TestCase("GradientSurgery", "| Projection (alpha 1, per tensor) |", "results.csv", "test-mse-lambda-1.png")]
        [TestCase("GeometricLoss", "| Hetero |", "ratios.csv", "ratios.png")]
        [TestCase("AlternateTraining", "| Alternate, uniform |", "curves.csv", "validation-spend.png")]
        [TestCase("FashionMnist", "| classifier + autoencoder (conv encoder", "results.csv", "reconstructions.png", "fashion-model.zip")]
        [TestCase("TaskRelatedness", "| MixtureOfExperts |", "results.csv", "test-mse.png", "task-relatedness-model.zip")]
        public void SampleRunsAndWritesItsResults(string sample, string expectedOutput, params string[] files)
        {
            if (sample == "FashionMnist" && !Directory.Exists("/usr/share/datasets/fashion-mnist"))
                Assert.Ignore("Fashion-MNIST is not installed: apt-get install dataset-fashion-mnist (.ci/run does).");
            var (exitCode, stdout, stderr) = SampleProcess.Run(sample, $"--smoke --output \"{output}\"");
            Assert.That(exitCode, Is.EqualTo(0), stderr);
            Assert.That(stdout, Does.Contain(expectedOutput));
            Assert.That(stdout, Does.Contain("Reloaded").Or.Contain("Saved"), "the sample reloads its saved model");
            Assert.That(stderr, Does.Not.Contain("\r").And.Not.Contain("\u001b["), "redirected progress is plain lines, not a terminal's redrawn bar");
            foreach (var file in files)
                Assert.That(File.Exists(Path.Combine(output, file)), Is.True, file);
        }

        [Test]
        public void GradientSurgeryRosterPlotsWhatEachMethodDid()
        {
            var (exitCode, stdout, stderr) = SampleProcess.Run("GradientSurgery", $"--smoke --roster --output \"{output}\"");
            Assert.That(exitCode, Is.EqualTo(0), stderr);
            Assert.That(stdout, Does.Contain("| MGDA |").And.Contain("| Multitask |").And.Contain("Reloaded"));
            foreach (var file in new[] { "results.csv", "update-cosine-primary-same.png", "update-cosine-auxiliary-unrelated.png", "auxiliary-share-similar.png", "mgda-model.zip" })
                Assert.That(File.Exists(Path.Combine(output, file)), Is.True, file);
        }

        [Test]
        public void AlternateTrainingOverSeedsReportsMeanAndSpread()
        {
            var (exitCode, stdout, stderr) = SampleProcess.Run("AlternateTraining", $"--smoke --seeds 2 --output \"{output}\"");
            Assert.That(exitCode, Is.EqualTo(0), stderr);
            Assert.That(stdout, Does.Match(@"\| Alternate, by rows \| \d+\.\d\d \+- \d+\.\d\d \|"));
            Assert.That(stdout, Does.Contain("churn AUC lower in").And.Contain("/2"));
            Assert.That(File.ReadAllLines(Path.Combine(output, "seeds.csv")), Has.Length.EqualTo(1 + 2 * 3), "a row per seed and schedule");
        }

        [Test]
        public void MethodBenchmarkRunsEveryProblemAndReportsDeltaM()
        {
            if (!Directory.Exists("/usr/share/datasets/fashion-mnist"))
                Assert.Ignore("Fashion-MNIST is not installed: apt-get install dataset-fashion-mnist (.ci/run does).");
            var (exitCode, stdout, stderr) = SampleProcess.Run("MethodBenchmark", $"--smoke --output \"{output}\"");
            Assert.That(exitCode, Is.EqualTo(0), stderr);
            Assert.That(stdout, Does.Match(@"\| Nash-MTL \| \(-?\d+\.\d\d, -?\d+\.\d\d\) \|"), "the toy's final losses per start");
            Assert.That(stdout, Does.Contain("Delta_m%").And.Contain("| Single task |").And.Contain("| GlorotUniform | Projection |")
                .And.Contain("| LayeredExtraction + CAGrad |").And.Contain("| CrossStitch + Sum |").And.Contain("| CustomizedGateControl + CAGrad |")
                .And.Contain("Reloaded"));
            foreach (var file in new[] { "toy-final.csv", "toy-trajectories.png", "multi-fashion.csv", "multi-fashion-delta-m.png", "multi-fashion-model.zip", "primary-auxiliary.csv",
                "tabular-p0.5.csv", "tabular-p0.5-delta-m.png" })
                Assert.That(File.Exists(Path.Combine(output, file)), Is.True, file);
            // Three methods from five starts, and the toy's loss columns hold numbers.
            Assert.That(File.ReadAllLines(Path.Combine(output, "toy-final.csv")), Has.Length.EqualTo(1 + 3 * 5));
        }

        [Test]
        public void MethodBenchmarkRefusesAnUnknownProblem()
        {
            var (exitCode, _, stderr) = SampleProcess.Run("MethodBenchmark", $"--smoke --problem mnist --output \"{output}\"");
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(stderr, Does.Contain("--problem takes toy, fashion, surgery, tabular or all"));
        }

        [Test]
        public void FashionMnistSaysHowToGetItsData()
        {
            var (exitCode, _, stderr) = SampleProcess.Run("FashionMnist", $"--smoke --data \"{Path.Combine(output, "nowhere")}\" --output \"{output}\"");
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(stderr, Does.Contain("apt-get install dataset-fashion-mnist"));
        }

        [Test]
        public void FashionMnistRefusesAnUnknownEncoder()
        {
            var (exitCode, _, stderr) = SampleProcess.Run("FashionMnist", $"--smoke --encoder lstm --output \"{output}\"");
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(stderr, Does.Contain("--encoder takes dense, conv or both"));
        }
    }
}
