using Xunit;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.DependencyInjection;
using TypedTasks.Generators;

namespace TypedTasks.Generators.Tests;

/// <summary>Compiles user code with the real generator and loads the result, for the tests that run generated code.</summary>
public static class GeneratorHarness
{
    /// <summary>The runtime library is built for net8.0 and these tests compile against the net10.0 reference pack.</summary>
    public static IReadOnlyDictionary<string, ReportDiagnostic> UnificationWarnings { get; } = new Dictionary<string, ReportDiagnostic>
    {
        ["CS1701"] = ReportDiagnostic.Suppress,
        ["CS1702"] = ReportDiagnostic.Suppress,
    };

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilation Compilation(string assemblyName, params string[] sources) =>
        CSharpCompilation.Create(assemblyName,
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"File{i}.cs")),
            TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(UnificationWarnings));

    public static GeneratorDriver Driver() =>
        CSharpGeneratorDriver.Create([new BacktaskGenerator().AsSourceGenerator()], parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator and returns the output compilation, failing on any warning or error.</summary>
    public static (Compilation Output, GeneratorDriverRunResult Run) Generate(string assemblyName, params string[] sources)
    {
        var compilation = Compilation(assemblyName, sources);
        var driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "The generated code does not compile cleanly:\n" + string.Join("\n", problems) +
            "\n\n" + string.Join("\n\n", driver.GetRunResult().GeneratedTrees.Select(t => t.ToString())));
        return (output, driver.GetRunResult());
    }

    /// <summary>Compiles and loads user code in its own collectible load context.</summary>
    public static Assembly Load(string assemblyName, params string[] sources)
    {
        var (output, _) = Generate(assemblyName, sources);
        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        return new AssemblyLoadContext(assemblyName + Guid.NewGuid().ToString("N"), isCollectible: true).LoadFromStream(stream);
    }
}
