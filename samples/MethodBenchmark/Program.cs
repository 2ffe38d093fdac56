using System;
using System.IO;
using System.Linq;
using MethodBenchmark;
using MethodBenchmark.MultiFashion;
using MethodBenchmark.PrimaryAuxiliary;
using MethodBenchmark.Tabular;
using MethodBenchmark.Toy;
using MultiTask.MLNet;
using MultiTask.MLNet.Samples;

// Which method helps where? Every gradient combiner, loss weighting and architecture of the package on four problems, over
// several seeds, each task's metric as mean +- sd and Delta_m% against single-task networks trained in the same run.
//   1 toy: the CAGrad / Nash-MTL two-parameter toy, trajectories on the loss plane (toy-trajectories.png).
//   2 fashion: Multi-Fashion, two overlapping Fashion-MNIST items, a LeNet trunk with a head per item.
//   3 surgery: seed 000's primary/auxiliary grid with Keras' Glorot initialisation, with conflict statistics.
//   4 tabular: the MMoE paper's synthetic tasks, hard sharing vs MMoE vs PLE with Sum and the two best methods of problem 2.
//   --problem toy|fashion|surgery|tabular|all (default all).
//   --quick (default, under 10 min on 2 cores): the toy in full (35,000 steps); Sum, PCGrad, MGDA, CAGrad, Nash-MTL and FAMO x 2
//     seeds on 4,000 Multi-Fashion images for 3 epochs (early in training); 2 initialisations of seed 000 with Glorot;
//     p in {0.5, 0.9} x 2 seeds of the tabular tasks.
//   --standard (with --problem fashion, 17 min measured on 2 cores): 10 methods x 3 seeds on 10,000 images for 5 epochs.
//   --full (many hours): every method, 3 seeds on 20,000 images for 10 epochs; 5 initialisations with both initialisations
//     and every mode of seed 000; p in {0.5, 0.9, 1} x 5 seeds, CGC and cross-stitch too.   --smoke: seconds, for the test suite.
// Data for problem 2: 'sudo apt-get install dataset-fashion-mnist' (or --data DIR with the four IDX files).
var mode = RunMode.Parse(args, "method-benchmark");
var missing = Roster.Missing();
if (missing.Count > 0)
{
    Console.Error.WriteLine($"The benchmark's roster lacks {string.Join(", ", missing.Select(t => t.Name))}: add each to Roster.All (or to its list of methods left out, with why).");
    return 2;
}
string problem = (RunMode.Option(args, "--problem") ?? "all").ToLowerInvariant();
if (problem is not ("toy" or "fashion" or "surgery" or "tabular" or "all"))
{
    Console.Error.WriteLine("--problem takes toy, fashion, surgery, tabular or all.");
    return 2;
}
string dataFolder = RunMode.Option(args, "--data") ?? FashionMnist.IdxFiles.DefaultFolder;
bool Runs(string name) => problem == name || problem == "all";
if (Runs("fashion"))
{
    try
    {
        FashionMnist.IdxFiles.Require(dataFolder);
    }
    catch (FileNotFoundException e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }
}
MultiTask.MLNet.Runtime.TorchSharpRuntime.EnsureInitialized();
TorchSharp.torch.set_num_threads(1);
var clock = System.Diagnostics.Stopwatch.StartNew();

if (Runs("toy"))
    ToyBenchmark.Run(mode);
BenchmarkResults fashion = Runs("fashion") ? MultiFashionBenchmark.Run(mode, dataFolder, args.Contains("--standard")) : null;
if (Runs("surgery"))
    PrimaryAuxiliaryBenchmark.Run(mode);
if (Runs("tabular"))
{
    var compared = TabularMethods.Choose(fashion, mode);
    Console.WriteLine($"Problem 4 compares Sum with {string.Join(" and ", compared.Skip(1).Select(m => m.Name))} ({TabularMethods.Why(fashion)}).");
    Console.WriteLine();
    TabularBenchmark.Run(mode, compared);
}
Console.WriteLine($"Saved every run in {mode.OutputFolder} (CSV and PNG); {clock.Elapsed.TotalMinutes:F1} min in all.");
return 0;
