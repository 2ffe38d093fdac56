using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using GradientSurgery;
using Microsoft.ML;
using MultiTask.MLNet;
using MultiTask.MLNet.Samples;

namespace MethodBenchmark.PrimaryAuxiliary
{
    /// <summary>
    /// Problem 3: seed 000's primary/auxiliary grid (the GradientSurgery sample's data, network and protocol) with Keras'
    /// Glorot initialisation, the seed's own default, next to TorchSharp's default; with each run's conflict statistics:
    /// the mean cosine between the two task gradients over the run's steps and the number of steps a rule corrected.
    /// </summary>
    public static class PrimaryAuxiliaryBenchmark
    {
        public static void Run(RunMode mode)
        {
            int initialisations = mode.Pick(1, 2, 5), maxEpochs = mode.Pick(3, 200, 200), rows = mode.Pick(100, 1000, 1000), testRows = mode.Pick(200, 10000, 10000);
            var modes = mode.Pick(new[] { "Multitask", "Projection" }, new[] { "Single task", "Multitask", "Projection" }, SurgeryConfiguration.Modes);
            var schemes = mode.IsFull ? new[] { WeightInitialization.GlorotUniform, WeightInitialization.Default } : new[] { WeightInitialization.GlorotUniform };
            var situations = Enum.GetValues<Situation>();
            var ml = new MLContext(seed: 0);
            var data = new SyntheticTasks(seed: 0);
            var primaryRows = data.PrimaryRows(rows);
            var validation = ml.Data.LoadFromEnumerable(data.PrimaryRows(rows));
            var test = ml.Data.LoadFromEnumerable(data.PrimaryRows(testRows));
            var results = new List<(WeightInitialization Scheme, Situation Situation, string Mode, int Init, double Mse, double? Cosine, long Conflicts, int Epochs)>();
            var progress = new ConsoleProgress(schemes.Length * situations.Length * modes.Length * initialisations, maxEpochs);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            foreach (var scheme in schemes)
                foreach (var situation in situations)
                {
                    var train = ml.Data.LoadFromEnumerable(primaryRows.Concat(data.AuxiliaryRows(rows, situation)));
                    foreach (var name in modes)
                        for (int init = 0; init < initialisations; init++)
                        {
                            progress.StartRun($"seed 000 {scheme} {situation} {name} init {init}");
                            var configuration = new SurgeryConfiguration(name, 1, false, 1f);
                            var (model, mse) = GradientSurgeryModel.RetrainModel(ml, train, validation, test, configuration, init, maxEpochs, progress, scheme);
                            var epochs = model.TrainingHistory.Epochs;
                            var cosines = epochs.Where(e => e.MeanGradientCosine.HasValue).Select(e => e.MeanGradientCosine.Value).ToList();
                            results.Add((scheme, situation, name, init, mse, cosines.Count > 0 ? cosines.Average() : null, epochs.Sum(e => e.GradientConflicts ?? 0), epochs.Count));
                        }
                }
            progress.Done();

            var c = CultureInfo.InvariantCulture;
            using (var csv = new StreamWriter(mode.File("primary-auxiliary.csv")))
            {
                csv.WriteLine("initialization,situation,mode,alpha,lam,init,test_mse,mean_gradient_cosine,conflicts_corrected,epochs");
                foreach (var r in results)
                    csv.WriteLine(string.Join(",", r.Scheme, r.Situation, r.Mode, 1, 1, r.Init, r.Mse.ToString("R", c), r.Cosine?.ToString("R", c) ?? "", r.Conflicts, r.Epochs));
            }
            Console.WriteLine($"Problem 3, seed 000's primary/auxiliary grid (lambda 1, alpha 1, per tensor): primary test MSE, mean +- sd over {initialisations} " +
                $"initialisation(s), and the mean cosine between the task gradients; {clock.Elapsed.TotalMinutes:F1} min:");
            Console.WriteLine();
            Console.WriteLine($"| initialization | mode | {string.Join(" | ", situations.Select(s => $"{s}: MSE | {s}: cosine"))} |");
            Console.WriteLine($"| --- | --- |{string.Concat(situations.Select(_ => " --- | --- |"))}");
            foreach (var scheme in schemes)
                foreach (var name in modes)
                {
                    var cells = situations.Select(s =>
                    {
                        var runs = results.Where(r => r.Scheme == scheme && r.Situation == s && r.Mode == name).ToList();
                        var cosines = runs.Where(r => r.Cosine.HasValue).Select(r => r.Cosine.Value).ToList();
                        return $"{SampleStatistics.MeanSdText(runs.Select(r => r.Mse).ToList(), "F4")} | {(cosines.Count > 0 ? cosines.Average().ToString("F3", c) : "")}";
                    });
                    Console.WriteLine($"| {scheme} | {name} | {string.Join(" | ", cells)} |");
                }
            Console.WriteLine();
        }
    }
}
