using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace TypedTasks.Analyzers.Tests;

/// <summary>
/// A rule test: <typeparamref name="TAnalyzer"/> (the analyzer owning the rules under test) runs with the other
/// TypedTasks analyzers beside it, as in a user project, over sources marked up with <c>{|TT2001:text|}</c> (or
/// <c>{|#0:text|}</c> for a diagnostic whose message the test checks), and the test fails on any diagnostic, compiler
/// error or analyzer exception that is not marked. The testing library also checks that no marked diagnostic is
/// reported in generated code or under <c>#pragma warning disable</c>.
/// </summary>
public sealed class TaskAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public TaskAnalyzerTest(params string[] sources)
    {
        ReferenceAssemblies = TestReferences.ReferenceAssemblies;
        TestState.AdditionalReferences.AddRange(TestReferences.All);
        foreach (string source in sources)
            TestState.Sources.Add(source);
    }

    /// <summary>Runs the test on <paramref name="sources"/>, expecting their marked diagnostics and <paramref name="expected"/>.</summary>
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) => VerifyAsync([source], expected);

    /// <inheritdoc cref="VerifyAsync(string, DiagnosticResult[])"/>
    public static Task VerifyAsync(string[] sources, params DiagnosticResult[] expected)
    {
        var test = new TaskAnalyzerTest<TAnalyzer>(sources);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>The rule <paramref name="id"/>, as the analyzers declare it.</summary>
    public static DiagnosticDescriptor Descriptor(string id) =>
        TestCompilation.Analyzers().SelectMany(a => a.SupportedDiagnostics).First(d => d.Id == id);

    /// <summary>A diagnostic of the rule <paramref name="id"/>, with the rule's default severity.</summary>
    public static DiagnosticResult Diagnostic(string id) => new(Descriptor(id));

    /// <summary>Turns an off-by-default rule on the way a user does, with an <c>.editorconfig</c>.</summary>
    public TaskAnalyzerTest<TAnalyzer> Enabling(string id)
    {
        TestState.AnalyzerConfigFiles.Add(("/.editorconfig", $"root = true\n\n[*.cs]\ndotnet_diagnostic.{id}.severity = suggestion\n"));
        return this;
    }

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() =>
        TestCompilation.Analyzers().OrderBy(a => a is TAnalyzer ? 0 : 1);

    /// <summary>
    /// The testing library turns every rule of the analyzers on; a user project has the off-by-default ones off until
    /// it enables them, and so do these tests (see <see cref="Enabling"/>).
    /// </summary>
    protected override Project ApplyCompilationOptions(Project project)
    {
        project = base.ApplyCompilationOptions(project);
        var options = project.CompilationOptions!;
        var offByDefault = GetDiagnosticAnalyzers().SelectMany(a => a.SupportedDiagnostics).Where(d => !d.IsEnabledByDefault).Select(d => d.Id);
        return project.WithCompilationOptions(options.WithSpecificDiagnosticOptions(options.SpecificDiagnosticOptions.RemoveRange(offByDefault)));
    }

    protected override CompilationOptions CreateCompilationOptions() => TestCompilation.Options();

    protected override ParseOptions CreateParseOptions() => TestCompilation.ParseOptions;
}
