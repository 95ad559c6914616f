using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace TypedTasks.Nats.Tests;

/// <summary>
/// The C# samples of README.md's NATS section, marked <c>&lt;!-- compiled: nats statements --&gt;</c>, compile against
/// the real libraries (NATS.Net, TypedTasks.Nats, TypedTasks.Hosting) inside a method that has <c>builder</c> in scope.
/// </summary>
public sealed class ReadmeTests
{
    private const string Prelude = """
        global using System;
        global using System.Threading.Tasks;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using NATS.Client.Core;
        global using TypedTasks;
        global using TypedTasks.Hosting;
        global using TypedTasks.Nats;
        """;

    [Fact]
    public void The_README_NATS_samples_compile()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var blocks = Regex.Matches(readme, @"<!-- compiled: nats statements -->\s*```csharp\n(.*?)```", RegexOptions.Singleline);
        Assert.True(blocks.Count >= 2, $"only {blocks.Count} compiled NATS samples in README.md");

        var sources = new List<string> { Prelude };
        for (int i = 0; i < blocks.Count; i++)
        {
            sources.Add($$"""
                public static class ReadmeNatsSample{{i}}
                {
                    public static async Task RunAsync(HostApplicationBuilder builder)
                    {
                {{blocks[i].Groups[1].Value}}
                        await Task.CompletedTask;
                    }
                }
                """);
        }
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "*.dll").Where(p => Path.GetFileName(p) is var name
                && (name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || name.StartsWith("NATS.", StringComparison.Ordinal)
                    || name.StartsWith("TypedTasks", StringComparison.Ordinal))))
            .DistinctBy(Path.GetFileName)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("ReadmeNats",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"ReadmeNats{i}.cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));

        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "README NATS samples do not compile:\n" + string.Join("\n", problems));
    }

    private static string RepositoryRoot() =>
        Path.GetFullPath(Path.Combine(typeof(ReadmeTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!, "..", ".."));
}
