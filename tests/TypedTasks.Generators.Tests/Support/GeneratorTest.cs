using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace TypedTasks.Generators.Tests;

/// <summary>
/// The testing library's generator test, set up for TypedTasks: latest C#, nullable enabled, references from
/// <see cref="TestReferences"/>, and compiler warnings in the output count (the generated code must compile cleanly;
/// only missing XML docs of the test's own sources are not reported).
/// </summary>
public sealed class GeneratorTest : CSharpSourceGeneratorTest<BacktaskGenerator, DefaultVerifier>
{
    public GeneratorTest(string assemblyName = "TestProject")
    {
        SolutionTransforms.Add((solution, project) => solution.WithProjectAssemblyName(project, assemblyName));
        ReferenceAssemblies = TestReferences.None;
        TestState.AdditionalReferences.AddRange(TestReferences.All);
        CompilerDiagnostics = CompilerDiagnostics.Warnings;
    }

    protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion.Latest);

    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(GeneratorHarness.UnificationWarnings.Append(new("CS1591", ReportDiagnostic.Suppress)));
}
