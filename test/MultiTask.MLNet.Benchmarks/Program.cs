using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MultiTask.MLNet.Benchmarks;

// dotnet run -c Release --project test/MultiTask.MLNet.Benchmarks -- [--memory | --convolution-check] [BenchmarkDotNet arguments, e.g. --filter '*Surgery*']
if (args.Contains("--memory"))
{
    MemoryReport.Run();
    return;
}
if (args.Contains("--convolution-check"))
{
    ConvolutionCheck.Run();
    return;
}
// In-process: TorchSharp's natives load once, and short jobs keep the whole suite within minutes on 2 cores.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(8).WithLaunchCount(1))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(TrainingOverheadBenchmarks).Assembly).Run(args, config);
