using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedTasks.Generators.Tests;
using Xunit;

namespace TypedTasks.Analyzers.Tests;

/// <summary>
/// The tasks the repository itself declares are clean. (The samples import the analyzers through
/// <c>eng/TypedTasks.Local.props</c>, so their own build fails on any TT error or warning.)
/// </summary>
public class RepositoryTaskTests
{
    [Fact]
    public async Task EveryGeneratorTestTaskShapeHasNoDiagnostics()
    {
        Assert.True(CSharpSyntaxTree.ParseText(TaskShapes.Source).GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Count() > 30);
        await TaskAnalyzerTest<TaskMemberAnalyzer>.VerifyAsync(TaskShapes.Source);
    }
}
