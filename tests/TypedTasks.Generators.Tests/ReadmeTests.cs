using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace TypedTasks.Generators.Tests;

/// <summary>
/// The C# samples of README.md marked <c>&lt;!-- compiled: ... --&gt;</c> compile, with the generator, against the real
/// libraries: declarations as they are, statements inside a method that has <c>builder</c>, <c>host</c> and
/// <c>redis</c> in scope. The README cannot drift from the API.
/// </summary>
public sealed class ReadmeTests
{
    private const string Prelude = """
        global using System;
        global using System.Collections.Generic;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        global using TypedTasks;
        global using TypedTasks.Hosting;

        // Types the README's samples mention without declaring.
        public partial record Cleanup(int OlderThanDays) : IBacktask { public Task RunAsync() => Task.CompletedTask; }
        public partial record SendDigest : IBacktask { public Task RunAsync() => Task.CompletedTask; }
        public sealed class TenantStamp : IEnqueueMiddleware { public ValueTask<EnqueueResult> InvokeAsync(EnqueueContext context, EnqueueDelegate next) => next(context); }
        public sealed class ErrorReporter : IJobMiddleware { public ValueTask InvokeAsync(JobExecutionContext context, JobDelegate next) => next(context); }
        public sealed class SlackOnDead : IJobLifecycleObserver { }
        """;

    [Fact]
    public void The_README_samples_compile()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var blocks = Regex.Matches(readme, @"<!-- compiled: (declarations|statements) -->\s*```csharp\n(.*?)```", RegexOptions.Singleline);
        Assert.True(blocks.Count >= 5, $"only {blocks.Count} compiled samples in README.md");

        var sources = new List<string> { Prelude };
        int index = 0;
        foreach (Match block in blocks)
        {
            string code = block.Groups[2].Value;
            sources.Add(block.Groups[1].Value == "declarations"
                ? code
                : $$"""
                  #pragma warning disable CS1998 // configuration-only samples have nothing to await
                  public static class ReadmeSample{{index++}}
                  {
                      public static async Task RunAsync(HostApplicationBuilder builder, IHost host, string redis)
                      {
                  {{code}}
                      }
                  }
                  """);
        }

        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "*.dll").Where(p =>
                Path.GetFileName(p).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) ||
                Path.GetFileName(p) is "TypedTasks.dll" or "TypedTasks.Redis.dll" or "TypedTasks.Hosting.dll" or "MessagePack.dll" or "MessagePack.Annotations.dll" or "StackExchange.Redis.dll"))
            .DistinctBy(Path.GetFileName)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("Readme",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, GeneratorHarness.ParseOptions, path: $"Readme{i}.cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));
        GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);

        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "README samples do not compile:\n" + string.Join("\n", problems));
    }

    private static string RepositoryRoot() =>
        Path.GetFullPath(Path.Combine(typeof(ReadmeTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!, "..", ".."));
}
