using System;
using System.Collections.Generic;
using System.Linq;
using FashionMnist;
using Microsoft.ML;
using MultiTask.MLNet.Samples;

namespace MethodBenchmark.MultiFashion
{
    /// <summary>
    /// Problem 2: Multi-Fashion, the roster's symmetric methods (gradient combiners, loss weightings, RotoGrad) against Sum
    /// and single-task LeNets trained in the same run on the same images, over several seeds (each seed one initialisation
    /// and batch order, shared by every method).
    /// </summary>
    public static class MultiFashionBenchmark
    {
        /// <summary>The methods of a --quick run: the reference, the gradient methods of the CAGrad / Nash-MTL papers' comparisons, and FAMO.</summary>
        public static readonly string[] QuickMethods = { Roster.Sum, "PCGrad", "MGDA", "CAGrad", "Nash-MTL", "FAMO" };

        /// <summary>The methods of a --standard run: the quick ones, TorchJD's UPGrad, Aligned-MTL, and two classic loss weightings.</summary>
        public static readonly string[] StandardMethods = QuickMethods.Concat(new[] { "UPGrad", "Aligned-MTL", "Uncertainty", "RLW" }).ToArray();

        /// <param name="standard">The --standard protocol: 10,000 images, 5 epochs, 3 seeds, <see cref="StandardMethods"/>.</param>
        public static BenchmarkResults Run(RunMode mode, string dataFolder, bool standard)
        {
            // --quick is a reduced protocol that fits the 10-minute budget on 2 cores (a LeNet epoch costs about 1 ms per image
            // there, more for methods that need each task's gradient): its networks are still early in training. --standard
            // (17 min measured) trains longer; --full is every method on 20,000 images for 10 epochs (many hours).
            int trainCount = standard ? 10000 : mode.Pick(200, 4000, 20000), testCount = standard ? 10000 : mode.Pick(200, 2000, 10000);
            int epochs = standard ? 5 : mode.Pick(1, 3, 10), seeds = standard ? 3 : mode.Pick(1, 2, 3);
            // --smoke runs every method too (on 200 images), so that the test suite shows --full can run each of them.
            var methods = mode.IsFull || mode.IsSmoke ? Roster.Symmetric.ToList() : (standard ? StandardMethods : QuickMethods).Select(Roster.Get).ToList();
            var ml = new MLContext(seed: 0);
            var train = ml.Data.LoadFromEnumerable(Images(dataFolder, "train", trainCount));
            var testRows = Images(dataFolder, "t10k", testCount);
            var test = ml.Data.LoadFromEnumerable(testRows);
            var results = new BenchmarkResults("multi-fashion", MultiFashionModel.Tasks.Select(t => new TaskMetric(t, "accuracy", HigherIsBetter: true)).ToList());
            var progress = new ConsoleProgress(seeds * (MultiFashionModel.Tasks.Length + methods.Count), epochs);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            (ITransformer Model, string Label, double Accuracy) kept = default;
            for (int seed = 0; seed < seeds; seed++)
            {
                foreach (var task in MultiFashionModel.Tasks)
                    Train(ml, train, test, results, new[] { task }, null, BenchmarkResults.SingleTask, seed, epochs, progress);
                foreach (var method in methods)
                {
                    var (model, accuracy) = Train(ml, train, test, results, MultiFashionModel.Tasks, method, method.Name, seed, epochs, progress);
                    if (kept.Model == null || accuracy > kept.Accuracy)
                        kept = (model, $"{method.Name}, seed {seed}", accuracy);
                }
            }
            progress.Done();
            results.WriteCsv(mode.File("multi-fashion.csv"));
            Console.WriteLine($"Problem 2, Multi-Fashion: test accuracy of each item (mean +- sd over {seeds} seed(s)); {trainCount} training and {testCount} test images, " +
                $"{epochs} epoch(s), LeNet trunk; {clock.Elapsed.TotalMinutes:F1} min:");
            Console.WriteLine();
            results.PrintTable("F4");
            results.PlotDeltaM(mode.File("multi-fashion-delta-m.png"), "Multi-Fashion: Delta_m% of each method against single-task LeNets");
            ml.Model.Save(kept.Model, train.Schema, MultiFashionModel.ModelPath = mode.File("multi-fashion-model.zip"));
            var example = testRows[0];
            var prediction = MultiFashionModel.Predict(example);
            Console.WriteLine($"Reloaded {MultiFashionModel.ModelPath} ({kept.Label}: the highest mean test accuracy, {kept.Accuracy:F4}): the first test image " +
                $"('{example.TopLeft}' top left, '{example.BottomRight}' bottom right) is predicted '{prediction.TopLeft}' and '{prediction.BottomRight}'.");
            Console.WriteLine();
            return results;
        }

        /// <summary>Trains one network, records its test accuracies and returns it with their mean.</summary>
        private static (ITransformer Model, double MeanAccuracy) Train(MLContext ml, IDataView train, IDataView test, BenchmarkResults results,
            IReadOnlyList<string> tasks, Method method, string configuration, int seed, int epochs, ConsoleProgress progress)
        {
            progress.StartRun($"multi-fashion {configuration} {(tasks.Count == 1 ? tasks[0] + " " : "")}seed {seed}");
            var model = MultiFashionModel.BuildPipeline(ml, tasks, method, seed, epochs, progress).Fit(train);
            var accuracies = MultiFashionModel.Accuracies(ml, model, test, tasks);
            foreach (var (task, accuracy) in accuracies)
                results.Add(configuration, seed, task, accuracy);
            return (model, accuracies.Values.Average());
        }

        private static List<MultiFashionRow> Images(string folder, string split, int count)
            => MultiFashionImages.Compose(IdxFiles.Load(folder, split, count).Select(r => (r.Pixels, r.Label)).ToList(), seed: split == "train" ? 1 : 2);
    }
}
