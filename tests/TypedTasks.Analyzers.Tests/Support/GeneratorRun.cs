using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedTasks.Generators;

namespace TypedTasks.Analyzers.Tests;

/// <summary>Runs the real TypedTasks generator, to compare what it emits with what the analyzers report.</summary>
public static class GeneratorRun
{
    /// <summary>The hint names the generator added, and the compilation including its output.</summary>
    public static (ImmutableHashSet<string> HintNames, Compilation Output) Run(CSharpCompilation compilation)
    {
        var driver = CSharpGeneratorDriver.Create([new BacktaskGenerator().AsSourceGenerator()], parseOptions: TestCompilation.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var hintNames = driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName).ToImmutableHashSet();
        return (hintNames, output);
    }

    /// <summary>The file the generator emits for a task, named by its metadata name (<c>Ns.Outer+Inner</c>).</summary>
    public static string HintName(string metadataName) => metadataName + ".g.cs";
}
