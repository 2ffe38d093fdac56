using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MultiTask.MLNet.Tasks.Kinds;
using NUnit.Framework;

namespace MultiTask.MLNet.Tests
{
    /// <summary>
    /// The package's folders form layers (Onnx and Runtime at the bottom, Training and the catalog at the top): a
    /// folder may use the types of another only if that one does not use it back, so each can be read, tested and
    /// changed without the ones above it.
    /// </summary>
    public class FolderDependencyTests
    {
        [Test]
        public void NoTwoTopLevelFoldersUseEachOther()
        {
            string source = Path.Combine(SampleProcess.RepositoryRoot(), "src", "MultiTask.MLNet");
            var files = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
                .Where(f => !IsBuildOutput(Path.GetRelativePath(source, f)))
                .Select(f => (Folder: TopFolder(source, f), Tree: CSharpSyntaxTree.ParseText(File.ReadAllText(f)), Name: Path.GetFileName(f)))
                .ToList();
            var declaredIn = new Dictionary<string, string>();
            foreach (var file in files)
                foreach (var type in file.Tree.GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Where(t => t.Parent is not TypeDeclarationSyntax))
                    declaredIn.TryAdd(type.Identifier.Text, file.Folder); // nested types are private to their file's type
            Assert.That(declaredIn, Has.Count.GreaterThan(50), "the package's types were found");

            // Identifiers in code only: comments, XML docs and strings may name any type.
            var uses = new Dictionary<(string From, string To), string>();
            foreach (var file in files)
                foreach (var name in file.Tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
                    if (declaredIn.TryGetValue(name.Identifier.Text, out var folder) && folder != file.Folder)
                        uses.TryAdd((file.Folder, folder), $"{file.Name} uses {name.Identifier.Text}");

            var cycles = uses.Keys.Where(e => string.CompareOrdinal(e.From, e.To) < 0 && uses.ContainsKey((e.To, e.From)))
                .Select(e => $"{e.From} <-> {e.To}: {uses[e]}; {uses[(e.To, e.From)]}").ToList();
            Assert.That(cycles, Is.Empty);
        }

        [Test]
        public void EveryTaskKindHasItsRules()
        {
            foreach (var kind in Enum.GetValues<TaskKind>())
                Assert.That(TaskKindRules.For(kind).ExpectedLabel, Is.Not.Empty, kind.ToString());
        }

        private static bool IsBuildOutput(string relative)
            => relative.StartsWith("obj" + Path.DirectorySeparatorChar) || relative.StartsWith("bin" + Path.DirectorySeparatorChar);

        // Files at the project's root (the catalog) form the folder "." above all others.
        private static string TopFolder(string source, string file)
        {
            var parts = Path.GetRelativePath(source, file).Split(Path.DirectorySeparatorChar);
            return parts.Length == 1 ? "." : parts[0];
        }
    }
}
