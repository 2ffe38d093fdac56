using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.ML;
using Microsoft.ML.Data;
using NUnit.Framework;
using Quickstart;

namespace MultiTask.MLNet.Tests
{
    /// <summary>
    /// Compiles and runs every C# block of README.md, in order, as one script (like the cells of a notebook), so that an
    /// example can never stop compiling or running unnoticed. The blocks run on the Quickstart's houses, which the README
    /// says; their files go to a temporary working folder.
    /// </summary>
    [NonParallelizable]
    public class ReadmeTests
    {
        /// <summary>What the README's examples take as given, as the README describes it.</summary>
        public sealed class Globals
        {
            private static readonly MLContext Loader = new MLContext();

            public IDataView train = Loader.Data.LoadFromEnumerable(HouseData.Generate(1500, seed: 1));
            public IDataView validation = Loader.Data.LoadFromEnumerable(HouseData.Generate(300, seed: 2));
            public IDataView test = Loader.Data.LoadFromEnumerable(HouseData.Generate(500, seed: 3));
            public IDataView newData = Loader.Data.LoadFromEnumerable(HouseData.Generate(300, seed: 4));
        }

        // A fenced block opened by ```csharp and closed by ``` at the same indentation. Markdown is not parsed further: the
        // README's fences are plain, and a full Markdown parser would add a dependency for this one pattern.
        private static readonly Regex CSharpBlock = new Regex(@"^(?<indent>[ ]*)```csharp[ ]*\r?\n(?<code>.*?)^\k<indent>```[ ]*$",
            RegexOptions.Multiline | RegexOptions.Singleline);

        internal static IReadOnlyList<(int Line, string Code)> Blocks(string markdown)
            => CSharpBlock.Matches(markdown).Select(m => (
                Line: markdown.Take(m.Index).Count(c => c == '\n') + 1,
                Code: string.Join("\n", m.Groups["code"].Value.Split('\n').Select(l => l.StartsWith(m.Groups["indent"].Value) ? l.Substring(m.Groups["indent"].Length) : l))))
                .ToList();

        private static string ReadmePath()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "MultiTask.MLNet.sln")))
                    return Path.Combine(dir.FullName, "README.md");
            throw new FileNotFoundException("README.md: no MultiTask.MLNet.sln above the test's folder.");
        }

        [Test]
        public void FindsEveryCSharpBlockWithItsLine()
        {
            var blocks = Blocks("text\n```csharp\nvar a = 1;\n```\n\n- item\n\n  ```csharp\n  var b = 2;\n  ```\n```\nnot C#\n```\n");
            Assert.That(blocks.Select(b => b.Line), Is.EqualTo(new[] { 2, 8 }));
            Assert.That(blocks.Select(b => b.Code.Trim()), Is.EqualTo(new[] { "var a = 1;", "var b = 2;" }));
        }

        [Test]
        public async Task EveryCSharpBlockOfTheReadmeCompilesAndRuns()
        {
            var blocks = Blocks(File.ReadAllText(ReadmePath()));
            Assert.That(blocks, Has.Count.GreaterThanOrEqualTo(5), "the README's examples were found");

            string folder = Path.Combine(Path.GetTempPath(), $"readme-{Guid.NewGuid():N}");
            Directory.CreateDirectory(folder);
            string previous = Environment.CurrentDirectory;
            Environment.CurrentDirectory = folder;
            try
            {
                ScriptState<object> state = null;
                foreach (var (line, code) in blocks)
                {
                    try
                    {
                        state = state == null
                            ? await CSharpScript.RunAsync(code, Options(), new Globals(), typeof(Globals))
                            : await state.ContinueWithAsync(code, Options());
                    }
                    catch (CompilationErrorException e)
                    {
                        Assert.Fail($"The C# block at README.md line {line} does not compile:\n{string.Join("\n", e.Diagnostics)}");
                    }
                    catch (Exception e)
                    {
                        Assert.Fail($"The C# block at README.md line {line} throws:\n{e}");
                    }
                }
                CheckWhatTheExamplesPromise(state);
            }
            finally
            {
                Environment.CurrentDirectory = previous;
                Directory.Delete(folder, recursive: true);
            }
        }

        // The examples' results, where the README states them: every task learnt, the saved model scores as trained.
        private static void CheckWhatTheExamplesPromise(ScriptState<object> state)
        {
            object Variable(string name) => state.GetVariable(name)?.Value ?? throw new AssertionException($"The README no longer defines '{name}'.");
            var all = (MultiTaskMetrics)Variable("all");
            Assert.That(all["Price"].Regression.RSquared, Is.GreaterThan(0.8));
            Assert.That(all["IsLuxury"].BinaryClassification.AreaUnderRocCurve, Is.GreaterThan(0.9));
            Assert.That(all["Category"].MulticlassClassification.MicroAccuracy, Is.GreaterThan(0.8));
            Assert.That(((RegressionMetrics)Variable("price")).RootMeanSquaredError, Is.EqualTo(all["Price"].Regression.RootMeanSquaredError).Within(1e-9));
            var prediction = (ModelOutput)Variable("prediction");
            Assert.That(HouseData.Categories, Does.Contain(prediction.Category));
            Assert.That(prediction.Price, Is.InRange(50f, 1000f), "a house's price in thousands, as the label is");
            var nash = (float[])Variable("nashUpdate");
            Assert.That(nash[0] * 1 + nash[1] * 0, Is.GreaterThan(0), "Nash-MTL's update lowers the first task's loss");
            Assert.That(nash[0] * -0.5f + nash[1] * 1, Is.GreaterThan(0), "and the second's, though the gradients conflict");
        }

        private static ScriptOptions Options() => ScriptOptions.Default
            .WithReferences(typeof(MLContext).Assembly, typeof(IDataView).Assembly, typeof(MultiTaskTrainer).Assembly,
                typeof(ModelInput).Assembly, typeof(Microsoft.ML.Transforms.NormalizingEstimator).Assembly, typeof(TorchSharp.torch).Assembly)
            .WithImports("System", "System.Linq", "System.Collections.Generic", "Microsoft.ML", "Microsoft.ML.Data", "Quickstart")
            .WithEmitDebugInformation(false);
    }
}
