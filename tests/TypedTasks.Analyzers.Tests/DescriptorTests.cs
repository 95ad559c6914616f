using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace TypedTasks.Analyzers.Tests;

/// <summary>Every rule has a help page where its link points, a release-tracking entry, and a "problem. fix." message.</summary>
public class DescriptorTests
{
    private static readonly string AnalyzerFolder = Path.Combine(
        typeof(DescriptorTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!,
        "analyzers", "TypedTasks.Analyzers");

    public static TheoryData<string> Ids() => new(Descriptors().Select(d => d.Id));

    private static IEnumerable<DiagnosticDescriptor> Descriptors() =>
        new DiagnosticAnalyzer[] { new TaskDeclarationAnalyzer(), new TaskMemberAnalyzer(), new TaskNameAnalyzer() }
            .SelectMany(a => a.SupportedDiagnostics).DistinctBy(d => d.Id).OrderBy(d => d.Id, StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Ids))]
    public void TheHelpLinkPointsAtTheRulesPageInTheRepository(string id)
    {
        var descriptor = Descriptors().Single(d => d.Id == id);
        string page = Path.Combine(AnalyzerFolder, "Docs", id + ".md");
        Assert.True(File.Exists(page), $"{page} is missing");
        Assert.EndsWith("/analyzers/TypedTasks.Analyzers/Docs/" + id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.Equal($"# {id}: {descriptor.Title}", File.ReadLines(page).First());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void TheRuleIsTrackedAsUnshippedWithItsSeverity(string id)
    {
        var descriptor = Descriptors().Single(d => d.Id == id);
        string severity = descriptor.IsEnabledByDefault ? descriptor.DefaultSeverity.ToString() : "Disabled";
        Assert.Contains(File.ReadLines(Path.Combine(AnalyzerFolder, "AnalyzerReleases.Unshipped.md")),
            line => line.StartsWith($"{id} | {descriptor.Category} | {severity} |", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void TheMessageStatesTheProblemThenTheFix(string id)
    {
        string message = Descriptors().Single(d => d.Id == id).MessageFormat.ToString();
        var sentences = message.Split(". ", StringSplitOptions.RemoveEmptyEntries);
        Assert.True(sentences.Length >= 2, $"{id}: '{message}' should say the problem, then the fix");
        Assert.EndsWith(".", message, StringComparison.Ordinal);
    }
}
