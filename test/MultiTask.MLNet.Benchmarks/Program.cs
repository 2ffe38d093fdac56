using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MultiTask.MLNet.Benchmarks;

// dotnet run -c Release --project test/MultiTask.MLNet.Benchmarks -- [--memory | --convolution-check | --write-idv PATH [ROWS] | --streaming PATH [EPOCHS] | --epoch-times PATH [EPOCHS] | --streaming-breakdown | --paired-epochs [SHAPE] | --chart OUT.png RUN_DIR...] [BenchmarkDotNet arguments, e.g. --filter '*Surgery*']
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
int Position(string name) => System.Array.IndexOf(args, name);
if (Position("--write-idv") is int write and >= 0)
{
    StreamingReport.Write(args[write + 1], args.Length > write + 2 ? long.Parse(args[write + 2]) : 5_000_000);
    return;
}
if (Position("--paired-epochs") is int paired and >= 0)
{
    PairedEpochs.Run(args.Length > paired + 1 ? System.Enum.Parse<NetworkShape>(args[paired + 1]) : NetworkShape.Seed000);
    return;
}
if (args.Contains("--streaming-breakdown"))
{
    StreamingBreakdown.Run();
    return;
}
if (Position("--chart") is int chart and >= 0)
{
    RatioChart.Write(args[chart + 1], args.Skip(chart + 2).ToList());
    return;
}
if (Position("--epoch-times") is int epochTimes and >= 0)
{
    StreamingReport.EpochTimes(args[epochTimes + 1], args.Length > epochTimes + 2 ? int.Parse(args[epochTimes + 2]) : 6);
    return;
}
if (Position("--streaming") is int stream and >= 0)
{
    StreamingReport.Run(args[stream + 1], args.Length > stream + 2 ? int.Parse(args[stream + 2]) : 1);
    return;
}
// In-process: TorchSharp's natives load once, and short jobs keep the whole suite within minutes on 2 cores.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(8).WithLaunchCount(1))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator)
    // Ratios within a category against its own baseline (scoring: Transform against ONNX Runtime's batches,
    // PredictionEngine against FastTree's); classes without categories are one group as before.
    .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
BenchmarkSwitcher.FromAssembly(typeof(TrainingOverheadBenchmarks).Assembly).Run(args, config);
