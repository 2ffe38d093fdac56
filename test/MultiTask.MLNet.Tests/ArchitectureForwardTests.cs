using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using MultiTask.MLNet.Gradients;
using MultiTask.MLNet.Model;
using MultiTask.MLNet.Runtime;
using NUnit.Framework;
using TorchSharp;

namespace MultiTask.MLNet.Tests
{
    /// <summary>
    /// Each architecture's TorchSharp forward pass against the same network computed by hand, in double precision with
    /// plain loops, from the network's own (seeded or hand-set) weights.
    /// </summary>
    public class ArchitectureForwardTests
    {
        private static readonly Func<double, double> Tanh = Math.Tanh;
        private static readonly Func<double, double> Relu = v => Math.Max(v, 0);

        [OneTimeSetUp]
        public void Native() => TorchSharpRuntime.EnsureInitialized();

        // A network of the architecture with one linear output per task, seeded weights, in scoring mode.
        private static MultiTaskNetwork Network(int features, MultiTaskArchitecture architecture, int tasks, Activation activation = Activation.Tanh)
        {
            var heads = Enumerable.Range(0, tasks).Select(_ => new HeadLayout(Array.Empty<int>(), 1)).ToList();
            torch.random.manual_seed(17);
            var network = new MultiTaskNetwork(new NetworkLayout(features, architecture, heads, activation, 0));
            network.eval();
            return network;
        }

        private static float[][] Rows(int count, int features, int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, features).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray()).ToArray();
        }

        private static torch.Tensor Batch(float[][] rows) => torch.tensor(rows.SelectMany(r => r).ToArray(), new long[] { rows.Length, rows[0].Length });

        private static double[] ToDouble(float[] row) => Array.ConvertAll(row, v => (double)v);

        private static double[] Values(torch.Tensor t) => t.detach().data<float>().ToArray().Select(v => (double)v).ToArray();

        // Compares every task's representation [N, d] (flattened) with byHand(row, k), row by row.
        private static void AssertRepresentations(MultiTaskNetwork network, float[][] rows, Func<double[], int, double[]> byHand)
        {
            using var scope = torch.NewDisposeScope();
            var actual = network.Representations(Batch(rows));
            for (int k = 0; k < actual.Count; k++)
                Assert.That(Values(actual[k]), Is.EqualTo(rows.SelectMany(r => byHand(ToDouble(r), k)).ToArray()).Within(1e-5),
                    $"representation of task {k}");
        }

        // W x + b for the dense layer `layer` of the state, W [out, in] row-major.
        private static double[] Dense(StateDict s, string layer, double[] x)
        {
            var w = s[layer + ".weight"].Values;
            var b = s[layer + ".bias"].Values;
            return b.Select((bias, o) => bias + x.Select((xi, i) => w[o * x.Length + i] * xi).Sum()).ToArray();
        }

        // Dense layers prefix.layer0 .. prefix.layer{layers-1}, each followed by the activation: an expert or a column.
        private static double[] Expert(StateDict s, string prefix, int layers, double[] x, Func<double, double> activation)
        {
            for (int i = 0; i < layers; i++)
                x = Dense(s, $"{prefix}.layer{i}", x).Select(activation).ToArray();
            return x;
        }

        private static double[] Softmax(double[] z)
        {
            var e = z.Select(v => Math.Exp(v - z.Max())).ToArray();
            return e.Select(v => v / e.Sum()).ToArray();
        }

        private static double[] Mix(double[] weights, params double[][] values)
            => Enumerable.Range(0, values[0].Length).Select(i => weights.Select((w, e) => w * values[e][i]).Sum()).ToArray();

        // The state with the named tensors' values replaced (shapes kept).
        private static StateDict With(StateDict s, params (string Name, Func<int, float> Value)[] changes)
            => s.With(changes.ToDictionary(c => c.Name, c => new StateTensor(s[c.Name].Shape, Enumerable.Range(0, s[c.Name].Values.Length).Select(c.Value).ToArray())));

        [Test]
        public void MixtureOfExpertsMixesTheExpertsWithEachTasksSoftmaxGateAndHeadsReadTheMix()
        {
            using var network = Network(3, new MixtureOfExperts { Experts = 2, ExpertLayers = new[] { 4, 3 } }, tasks: 3);
            var s = network.Snapshot();
            var rows = Rows(4, 3, seed: 1);
            double[] Representation(double[] x, int k)
                => Mix(Softmax(Dense(s, $"gates.{k}", x)), Expert(s, "experts.0", 2, x, Tanh), Expert(s, "experts.1", 2, x, Tanh));
            AssertRepresentations(network, rows, Representation);

            using var scope = torch.NewDisposeScope();
            var outputs = network.forward(Batch(rows));
            for (int k = 0; k < 3; k++)
                Assert.That(Values(outputs[k]), Is.EqualTo(rows.SelectMany(r => Dense(s, $"heads.{k}.layer0", Representation(ToDouble(r), k))).ToArray())
                    .Within(1e-5), $"head {k}");
        }

        [Test]
        public void MixtureOfExpertsGatesAreSoftmaxesThatSumToOne()
        {
            // Experts with zero weights and one-hot biases output e_0 and e_1 after the ReLU, so each representation is its gate.
            using var network = Network(3, new MixtureOfExperts { Experts = 2, ExpertLayers = new[] { 2 } }, tasks: 2, Activation.ReLU);
            var s = With(network.Snapshot(),
                ("experts.0.layer0.weight", _ => 0), ("experts.0.layer0.bias", i => i == 0 ? 1 : 0),
                ("experts.1.layer0.weight", _ => 0), ("experts.1.layer0.bias", i => i == 1 ? 1 : 0));
            network.Load(s);
            var rows = Rows(5, 3, seed: 2);
            AssertRepresentations(network, rows, (x, k) => Softmax(Dense(s, $"gates.{k}", x)));
            using (var scope = torch.NewDisposeScope())
                foreach (var gate in network.Representations(Batch(rows)))
                    Assert.That(Values(gate.sum(1)), Has.All.EqualTo(1).Within(1e-6));

            // Gate weights 0 and biases (0, ln 3): e^0 : e^(ln 3) = 1 : 3 on every row.
            network.Load(With(s, ("gates.1.weight", _ => 0), ("gates.1.bias", i => i == 0 ? 0 : (float)Math.Log(3))));
            using (var scope = torch.NewDisposeScope())
                Assert.That(Values(network.Representations(Batch(rows))[1]),
                    Is.EqualTo(Enumerable.Repeat(new[] { 0.25, 0.75 }, 5).SelectMany(g => g).ToArray()).Within(1e-6));
        }

        private static CustomizedGateControl Cgc => new CustomizedGateControl { SharedExperts = 1, ExpertsPerTask = 2, ExpertLayers = new[] { 3 } };

        // CGC by hand: task k's gate mixes [shared expert, then task k's two experts].
        private static double[] CgcByHand(StateDict s, double[] x, int k)
            => Mix(Softmax(Dense(s, $"level0.gate{k}", x)),
                Expert(s, "level0.shared.0", 1, x, Tanh), Expert(s, $"level0.task{k}.0", 1, x, Tanh), Expert(s, $"level0.task{k}.1", 1, x, Tanh));

        [Test]
        public void CustomizedGateControlMixesTheSharedExpertsThenTheTasksOwn()
        {
            using var network = Network(3, Cgc, tasks: 2);
            var s = network.Snapshot();
            var rows = Rows(4, 3, seed: 3);
            AssertRepresentations(network, rows, (x, k) => CgcByHand(s, x, k));

            double[] Task0() { using var scope = torch.NewDisposeScope(); return Values(network.Representations(Batch(rows))[0]); }
            var before = Task0();
            network.Load(With(s, ("level0.task1.0.layer0.weight", i => 0.3f * i - 1), ("level0.task1.1.layer0.bias", i => 2)));
            Assert.That(Task0(), Is.EqualTo(before), "task 0 does not read task 1's experts");
            network.Load(With(s, ("level0.shared.0.layer0.weight", i => 0.3f * i - 1)));
            Assert.That(Task0(), Is.Not.EqualTo(before).Within(1e-3), "task 0 reads the shared expert");
        }

        [Test]
        public void ProgressiveLayeredExtractionWithOneLevelIsCustomizedGateControl()
        {
            using var cgc = Network(3, Cgc, tasks: 2);
            using var ple = Network(3, new ProgressiveLayeredExtraction { Levels = 1, SharedExperts = 1, ExpertsPerTask = 2, ExpertLayers = new[] { 3 } }, tasks: 2);
            // Both are seeded alike; a changed gate makes the PLE's weights come from the loaded state.
            var s = With(cgc.Snapshot(), ("level0.gate1.bias", i => i - 1f));
            cgc.Load(s);
            ple.Load(s);
            var rows = Rows(4, 3, seed: 4);
            AssertRepresentations(ple, rows, (x, k) => CgcByHand(s, x, k));
            using var scope = torch.NewDisposeScope();
            var expected = cgc.Representations(Batch(rows));
            var actual = ple.Representations(Batch(rows));
            for (int k = 0; k < 2; k++)
                Assert.That(Values(actual[k]), Is.EqualTo(Values(expected[k])).Within(1e-6));
        }

        [Test]
        public void ProgressiveLayeredExtractionFeedsEachLevelTheBranchesOfTheLevelBelow()
        {
            using var network = Network(3, new ProgressiveLayeredExtraction { Levels = 2, SharedExperts = 1, ExpertsPerTask = 1, ExpertLayers = new[] { 3 } }, tasks: 2);
            var s = network.Snapshot();
            Assert.That(s["level0.shared_gate.weight"].Shape, Is.EqualTo(new long[] { 3, 3 }), "the shared gate mixes the shared and both tasks' experts");
            Assert.That(s.Names.Where(n => n.StartsWith("level1.shared_gate")), Is.Empty, "no shared gate after the last level");
            double[] Representation(double[] x, int k)
            {
                var shared = Expert(s, "level0.shared.0", 1, x, Tanh);
                var own = Enumerable.Range(0, 2).Select(j => Expert(s, $"level0.task{j}.0", 1, x, Tanh)).ToArray();
                var branch = Mix(Softmax(Dense(s, $"level0.gate{k}", x)), shared, own[k]);
                var sharedBranch = Mix(Softmax(Dense(s, "level0.shared_gate", x)), shared, own[0], own[1]);
                return Mix(Softmax(Dense(s, $"level1.gate{k}", branch)),
                    Expert(s, "level1.shared.0", 1, sharedBranch, Tanh), Expert(s, $"level1.task{k}.0", 1, branch, Tanh));
            }
            AssertRepresentations(network, Rows(5, 3, seed: 5), Representation);
        }

        private static CrossStitch Stitch(float selfWeight) => new CrossStitch { HiddenLayers = new[] { 3, 2 }, SelfWeight = selfWeight };

        private static double[] Column(StateDict s, int k, double[] x, int layer) => Dense(s, $"columns.{k}.layer{layer}", x).Select(Tanh).ToArray();

        [Test]
        public void CrossStitchWithIdentityUnitsRunsIndependentColumns()
        {
            using var network = Network(3, Stitch(1), tasks: 3);
            var s = network.Snapshot();
            AssertRepresentations(network, Rows(4, 3, seed: 6), (x, k) => Column(s, k, Column(s, k, x, 0), 1));
        }

        [Test]
        public void CrossStitchUnitMixesTheColumnsAfterTheFirstLayer()
        {
            using var network = Network(3, Stitch(0.9f), tasks: 3);
            Assert.That(network.Snapshot()["stitch0"].Values, Is.EqualTo(new[] { 0.9f, 0.05f, 0.05f, 0.05f, 0.9f, 0.05f, 0.05f, 0.05f, 0.9f }).Within(1e-7));
            float[] u = { 0.7f, 0.3f, 0, -0.4f, 1.2f, 0.5f, 0.1f, 0, 2 };
            var s = With(network.Snapshot(), ("stitch0", i => u[i]));
            network.Load(s);
            double[] Representation(double[] x, int k)
            {
                var h = Enumerable.Range(0, 3).Select(j => Column(s, j, x, 0)).ToArray();
                var stitched = Enumerable.Range(0, 3).Select(i => Enumerable.Range(0, 3).Sum(j => u[k * 3 + j] * h[j][i])).ToArray();
                return Column(s, k, stitched, 1);
            }
            AssertRepresentations(network, Rows(4, 3, seed: 7), Representation);
        }

        private static ConvolutionalTrunk Trunk(ConvolutionLayer layer)
            => new ConvolutionalTrunk { Channels = 1, Height = 4, Width = 4, Convolutions = new[] { layer }, HiddenLayers = Array.Empty<int>() };

        [Test]
        public void ConvolutionalTrunkConvolvesActivatesAndPools()
        {
            using var network = Network(16, Trunk(new ConvolutionLayer(2) { KernelSize = 3, Padding = 1, PoolSize = 2 }), tasks: 2, Activation.ReLU);
            var s = network.Snapshot();
            var w = s["shared.conv0.weight"].Values;
            var b = s["shared.conv0.bias"].Values;
            Assert.That(s["shared.conv0.weight"].Shape, Is.EqualTo(new long[] { 2, 1, 3, 3 }));
            double[] Representation(double[] image, int k)
            {
                double Pixel(int y, int x) => y < 0 || y >= 4 || x < 0 || x >= 4 ? 0 : image[y * 4 + x];
                double Conv(int f, int y, int x)
                {
                    double sum = b[f];
                    for (int dy = 0; dy < 3; dy++)
                        for (int dx = 0; dx < 3; dx++)
                            sum += w[f * 9 + dy * 3 + dx] * Pixel(y + dy - 1, x + dx - 1);
                    return Math.Max(sum, 0);
                }
                var pooled = new List<double>();
                for (int f = 0; f < 2; f++)
                    for (int py = 0; py < 2; py++)
                        for (int px = 0; px < 2; px++)
                            pooled.Add(new[] { Conv(f, 2 * py, 2 * px), Conv(f, 2 * py, 2 * px + 1), Conv(f, 2 * py + 1, 2 * px), Conv(f, 2 * py + 1, 2 * px + 1) }.Max());
                return pooled.ToArray();
            }
            AssertRepresentations(network, Rows(3, 16, seed: 8), Representation);
        }

        [Test]
        public void ConvolutionalTrunkRefusesAnotherFeatureSizeAndAKernelLargerThanTheImage()
        {
            var ml = new MLContext(seed: 1);
            var options = Options(Trunk(new ConvolutionLayer(2)));
            var wrongSize = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MultiTask().Trainers.NeuralNetwork(options).Fit(SyntheticData.Load(ml, 20, seed: 1)));
            Assert.That(wrongSize.ParamName, Is.EqualTo("ConvolutionalTrunk.Channels"));
            Assert.That(wrongSize.Message, Does.Contain("(16 values)").And.Contain("has 4 values"));

            options.Architecture = Trunk(new ConvolutionLayer(2) { KernelSize = 5, Padding = 0 });
            var tooLarge = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MultiTask().Trainers.NeuralNetwork(options));
            Assert.That(tooLarge.ParamName, Is.EqualTo("ConvolutionalTrunk.Convolutions[0]"));
            Assert.That(tooLarge.Message, Does.Contain("kernel 5"));
        }

        [Test]
        public void MixtureOfExpertsSharesTheExpertsAndGivesEachTaskItsGateAndHead()
        {
            using var network = Network(3, new MixtureOfExperts { Experts = 2, ExpertLayers = new[] { 2 } }, tasks: 2);
            var specs = network.Layout.Parameters;
            string[] Owned(int owner) => specs.Where(p => p.Owner == owner).Select(p => p.Name).ToArray();
            Assert.That(Owned(ParameterSpec.Shared), Is.EqualTo(new[] { "experts.0.layer0.weight", "experts.0.layer0.bias", "experts.1.layer0.weight", "experts.1.layer0.bias" }));
            for (int k = 0; k < 2; k++)
                Assert.That(Owned(k), Is.EqualTo(new[] { $"gates.{k}.weight", $"gates.{k}.bias", $"heads.{k}.layer0.weight", $"heads.{k}.layer0.bias" }));
            var byName = network.named_parameters().ToDictionary(p => p.name, p => p.parameter.Handle);
            IntPtr[] Handles(string[] names) => names.Select(n => byName[n.Replace('.', '_')]).ToArray();
            Assert.That(network.SharedParameters().Select(p => p.Handle), Is.EqualTo(Handles(Owned(ParameterSpec.Shared))));
            Assert.That(network.TaskParameters(1).Select(p => p.Handle), Is.EqualTo(Handles(Owned(1))));

            using var scope = torch.NewDisposeScope();
            network.zero_grad();
            network.forward(Batch(Rows(4, 3, seed: 9)))[0].sum().backward();
            bool Reached(string name)
            {
                var grad = network.get_parameter(name.Replace('.', '_')).grad;
                return grad is not null && grad.abs().max().item<float>() > 0;
            }
            Assert.That(Owned(ParameterSpec.Shared).Concat(Owned(0)).Where(n => n.EndsWith("weight")), Has.All.Matches<string>(Reached), "task 0's loss reaches the experts, its gate and head");
            Assert.That(Owned(1), Has.None.Matches<string>(Reached), "task 0's loss leaves task 1's gate and head alone");
        }

        private static MultiTaskTrainer.Options Options(MultiTaskArchitecture architecture)
        {
            var options = TrainerTests.AllKinds(epochs: 1);
            options.Architecture = architecture;
            return options;
        }

        private static IEnumerable<TestCaseData> OutOfRangeSettings()
        {
            TestCaseData Case(MultiTaskArchitecture architecture, string option, string message)
                => new TestCaseData(architecture, option, message).SetArgDisplayNames(message);
            yield return Case(new MixtureOfExperts { Experts = 0 }, "MixtureOfExperts.Experts", "MixtureOfExperts.Experts must be >= 1");
            yield return Case(new CustomizedGateControl { SharedExperts = 0, ExpertsPerTask = 0 }, "CustomizedGateControl.SharedExperts", "SharedExperts + ExpertsPerTask is 0");
            yield return Case(new ProgressiveLayeredExtraction { Levels = 0 }, "ProgressiveLayeredExtraction.Levels", "ProgressiveLayeredExtraction.Levels must be >= 1");
            yield return Case(new CrossStitch { SelfWeight = 1.5f }, "CrossStitch.SelfWeight", "CrossStitch.SelfWeight must be in [0, 1], got 1.5");
            yield return Case(Trunk(new ConvolutionLayer(2) { Stride = 0 }), "ConvolutionalTrunk.Convolutions[0].Stride", "ConvolutionalTrunk.Convolutions[0].Stride must be >= 1");
            yield return Case(new MixtureOfExperts { ExpertNetwork = Trunk(new ConvolutionLayer(2) { Stride = 0 }) },
                "MixtureOfExperts.ExpertNetwork.Convolutions[0].Stride", "MixtureOfExperts.ExpertNetwork.Convolutions[0].Stride must be >= 1");
        }

        [TestCaseSource(nameof(OutOfRangeSettings))]
        public void OutOfRangeSettingsAreRefusedWhenTheTrainerIsCreated(MultiTaskArchitecture architecture, string option, string message)
        {
            var options = Options(architecture);
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MLContext().MultiTask().Trainers.NeuralNetwork(options));
            Assert.That(error.ParamName, Is.EqualTo(option));
            Assert.That(error.Message, Does.Contain(message));
        }

        [Test]
        public void PerTaskRepresentationsRefuseRepresentationGradientsAndRotations()
        {
            AssertCreation(new HardParameterSharing(), GradientLevel.Representation, new SumCombiner(), refused: null);
            AssertCreation(new MixtureOfExperts(), GradientLevel.Representation, new SumCombiner(), refused: "GradientLevel");
            AssertCreation(Trunk(new ConvolutionLayer(2)), GradientLevel.Parameters, new RotateOnlyCombiner(), refused: null);
            AssertCreation(new CrossStitch(), GradientLevel.Parameters, new RotateOnlyCombiner(), refused: "GradientCombiner");
        }

        private static void AssertCreation(MultiTaskArchitecture architecture, GradientLevel level, IGradientCombiner combiner, string refused)
        {
            var options = Options(architecture);
            options.GradientLevel = level;
            options.GradientCombiner = combiner;
            TestDelegate create = () => new MLContext().MultiTask().Trainers.NeuralNetwork(options);
            if (refused == null)
                Assert.DoesNotThrow(create, architecture.GetType().Name);
            else
            {
                var error = Assert.Throws<ArgumentOutOfRangeException>(create);
                Assert.That(error.ParamName, Is.EqualTo(refused));
                Assert.That(error.Message, Does.Contain(architecture.GetType().Name));
            }
        }
    }
}
