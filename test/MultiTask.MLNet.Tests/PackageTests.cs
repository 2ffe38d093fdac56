using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    /// <summary>
    /// The library as a user gets it: packed into a .nupkg, referenced by package (not by project) from a fresh console
    /// app outside the repository, which runs the package README's example: train, evaluate, save, load, predict.
    /// </summary>
    [NonParallelizable]
    public class PackageTests
    {
        [Test]
        public void APackedPackageTrainsSavesLoadsAndPredictsInAFreshConsoleApp()
        {
            string root = SampleProcess.RepositoryRoot();
            string work = Path.Combine(Path.GetTempPath(), $"package-test-{Guid.NewGuid():N}");
            string feed = Path.Combine(work, "feed"), app = Path.Combine(work, "app");
            Directory.CreateDirectory(app);
            // A version of its own, so that NuGet's global cache never serves an earlier test's package.
            string version = $"0.0.0-test{DateTime.UtcNow:yyyyMMddHHmmss}{Guid.NewGuid():N}".Substring(0, 40);
            try
            {
                var pack = SampleProcess.Dotnet($"pack \"{Path.Combine(root, "src", "MultiTask.MLNet", "MultiTask.MLNet.csproj")}\" -c Release -o \"{feed}\" -p:Version={version}", root, 600);
                Assert.That(pack.ExitCode, Is.EqualTo(0), pack.Output + pack.Errors);
                string nupkg = Path.Combine(feed, $"MultiTask.MLNet.{version}.nupkg");
                Assert.That(File.Exists(Path.Combine(feed, $"MultiTask.MLNet.{version}.snupkg")), "a symbols package beside the package");
                CheckDependencies(nupkg);

                string readme = File.ReadAllText(Path.Combine(root, "src", "MultiTask.MLNet", "PACKAGE.md"));
                var example = ReadmeTests.Blocks(readme).Single().Code;
                File.WriteAllText(Path.Combine(app, "Program.cs"), example);
                File.WriteAllText(Path.Combine(app, "App.csproj"), $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><NoWarn>NU1603</NoWarn></PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""MultiTask.MLNet"" Version=""{version}"" />
    <PackageReference Include=""TorchSharp-cpu"" Version=""0.107.0"" />
  </ItemGroup>
</Project>");
                File.WriteAllText(Path.Combine(work, "nuget.config"), $@"<configuration><packageSources>
  <add key=""local"" value=""{feed}"" />
  <add key=""nuget.org"" value=""https://api.nuget.org/v3/index.json"" />
</packageSources></configuration>");
                var run = SampleProcess.Dotnet("run -c Release", app, 900);
                Assert.That(run.ExitCode, Is.EqualTo(0), run.Output + run.Errors);
                Assert.That(run.Output, Does.Contain("Price (Regression): RMSE").And.Contain("IsLuxury (BinaryClassification): AUC"));
                Assert.That(run.Output, Does.Match(@"price \d+\.\d, luxury probability 0\.\d\d"));
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        // TorchSharp's managed API, not a LibTorch build; Microsoft.ML bounded to the tested versions.
        private static void CheckDependencies(string nupkg)
        {
            using var archive = ZipFile.OpenRead(nupkg);
            using var nuspec = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec")).Open();
            var dependencies = XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "dependency")
                .ToDictionary(e => (string)e.Attribute("id"), e => (string)e.Attribute("version"));
            Assert.That(dependencies.Keys, Does.Contain("TorchSharp").And.Not.Contain("TorchSharp-cpu").And.Not.Contain("Grpc.Tools"));
            Assert.That(dependencies["Microsoft.ML"], Is.EqualTo("[5.0.1, 5.1.0)"));
            Assert.That(archive.Entries.Select(e => e.FullName), Does.Contain("README.md"));
        }
    }
}
