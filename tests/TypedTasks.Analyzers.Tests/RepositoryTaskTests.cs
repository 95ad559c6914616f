using TypedTasks.Generators.Tests;
using Xunit;
using static TypedTasks.Analyzers.Tests.AnalyzerVerifier;

namespace TypedTasks.Analyzers.Tests;

/// <summary>
/// The tasks the repository itself declares are clean. (The samples import the analyzers through
/// <c>eng/TypedTasks.Local.props</c>, so their own build fails on any TT error or warning.)
/// </summary>
public class RepositoryTaskTests
{
    [Fact]
    public void EveryGeneratorTestTaskShapeHasNoDiagnostics()
    {
        var compilation = Compilation(TaskShapes.Source);
        Assert.True(compilation.GetSymbolsWithName(_ => true, Microsoft.CodeAnalysis.SymbolFilter.Type).Count() > 30);
        Assert.Empty(Diagnostics(compilation));
    }
}
