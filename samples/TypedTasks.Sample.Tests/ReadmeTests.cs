using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedTasks.Testing;
using Xunit;

namespace TypedTasks.Sample.Tests;

/// <summary>
/// The README's testing section compiles against this project's references (the sample app, the kit, xunit,
/// WebApplicationFactory): <c>testing-declarations</c> blocks as they are, <c>testing-statements</c> blocks inside a
/// method that has <c>testing</c> in scope. The declared test is then run, so the README's example passes too.
/// </summary>
public sealed class ReadmeTests
{
    private const string Prelude = """
        global using System;
        global using System.Collections.Generic;
        global using System.Net.Http.Json;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Mvc.Testing;
        global using Microsoft.AspNetCore.TestHost;
        global using Microsoft.Extensions.DependencyInjection;
        global using TypedTasks;
        global using TypedTasks.Sample.Web.Mail;
        global using TypedTasks.Sample.Web.Tasks;
        global using TypedTasks.Testing;
        global using Xunit;
        """;

    [Fact]
    public async Task The_README_testing_section_compiles_and_its_test_passes()
    {
        string root = typeof(ReadmeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var blocks = Regex.Matches(readme, @"<!-- compiled: testing-(declarations|statements) -->\s*```csharp\n(.*?)```", RegexOptions.Singleline);
        Assert.True(blocks.Count >= 2, $"only {blocks.Count} compiled testing samples in README.md");

        var sources = new List<string> { Prelude };
        foreach (var (block, index) in blocks.Select((b, i) => (b, i)))
        {
            string code = block.Groups[2].Value;
            sources.Add(block.Groups[1].Value == "declarations"
                ? code
                : $$"""
                  public static class ReadmeStatements{{index}}
                  {
                      public static async Task RunAsync(TaskTestHarness testing)
                      {
                  {{code}}
                      }
                  }
                  """);
        }

        var assembly = Compile(sources);

        var test = assembly.GetType("ReadmeSignupTests")!;
        await (Task)test.GetMethod("Signing_up_sends_the_welcome_mail")!.Invoke(Activator.CreateInstance(test), null)!;
    }

    private static Assembly Compile(List<string> sources)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
            .DistinctBy(Path.GetFileName)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("ReadmeTesting",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"ReadmeTesting{i}.cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var problems = emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(emitted.Success && problems.Count == 0, "README testing samples do not compile:\n" + string.Join("\n", problems));
        return Assembly.Load(image.ToArray());
    }
}
