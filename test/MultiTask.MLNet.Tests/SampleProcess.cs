using System;
using System.Diagnostics;
using System.IO;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    /// <summary>Runs a sample's built program (samples/NAME/bin/CONFIG/net10.0/NAME.dll) as a separate process.</summary>
    internal static class SampleProcess
    {
        public static string RepositoryRoot()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory != null && !File.Exists(Path.Combine(directory.FullName, "MultiTask.MLNet.sln")))
                directory = directory.Parent;
            return directory?.FullName ?? throw new InvalidOperationException("Repository root not found.");
        }

        public static string Dll(string sample)
        {
            string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent.Name;
            string dll = Path.Combine(RepositoryRoot(), "samples", sample, "bin", configuration, "net10.0", sample + ".dll");
            Assert.That(File.Exists(dll), Is.True, $"{dll} was not built");
            return dll;
        }

        /// <summary>Runs the sample with <paramref name="arguments"/>; returns (exit code, standard output, standard error).</summary>
        public static (int ExitCode, string Output, string Errors) Run(string sample, string arguments, int timeoutSeconds = 300)
            => Dotnet($"\"{Dll(sample)}\" {arguments}", null, timeoutSeconds);

        /// <summary>Runs <c>dotnet ARGUMENTS</c> in <paramref name="workingDirectory"/> (the current one when null).</summary>
        public static (int ExitCode, string Output, string Errors) Dotnet(string arguments, string workingDirectory, int timeoutSeconds = 300)
        {
            var start = new ProcessStartInfo("dotnet", arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            };
            using var process = Process.Start(start);
            var errors = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            Assert.That(process.WaitForExit(timeoutSeconds * 1000), Is.True, $"dotnet {arguments} did not finish in {timeoutSeconds} s");
            return (process.ExitCode, output, errors.Result);
        }
    }
}
