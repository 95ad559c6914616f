using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace TypedTasks.Analyzers.Tests;

/// <summary>
/// Plain compilations of user code, for the tests that hand one compilation to the analyzers, the shared type-shape
/// reader and the generator to compare their verdicts, and for the documentation examples. Rule tests go through
/// <see cref="TaskAnalyzerTest{TAnalyzer}"/>, which uses the same references and options.
/// </summary>
public static class TestCompilation
{
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>Every TypedTasks analyzer, as a user project gets them from the package.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers() =>
        [new TaskDeclarationAnalyzer(), new TaskMemberAnalyzer(), new TaskNameAnalyzer()];

    /// <summary>
    /// A class library with nullable reference types on, as the repository's samples are, and the off-by-default
    /// rules <paramref name="enabled"/> turned on.
    /// </summary>
    public static CSharpCompilationOptions Options(params string[] enabled) =>
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                // The runtime library is built for net8.0 and these tests compile against the net10.0 reference pack.
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
            }.Concat(enabled.Select(id => KeyValuePair.Create(id, ReportDiagnostic.Info))));

    public static CSharpCompilation Create(params string[] sources) => Create([], sources);

    /// <summary>A compilation of <paramref name="sources"/> (File0.cs, File1.cs, ...) with the rules <paramref name="enabled"/> on.</summary>
    public static CSharpCompilation Create(string[] enabled, params string[] sources) =>
        CSharpCompilation.Create("UserTasks",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"File{i}.cs")),
            TestReferences.All,
            Options(enabled));

    /// <summary>The TypedTasks diagnostics of a compilation that must have no compiler error, in source order.</summary>
    public static ImmutableArray<Diagnostic> AnalyzerDiagnostics(Compilation compilation)
    {
        var compilerErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(compilerErrors.Count == 0, "The test source does not compile:\n" + string.Join("\n", compilerErrors));
        var diagnostics = compilation.WithAnalyzers(Analyzers()).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        return [.. diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal)];
    }
}
