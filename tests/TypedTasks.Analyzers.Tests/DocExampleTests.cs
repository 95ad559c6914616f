using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;

namespace TypedTasks.Analyzers.Tests;

/// <summary>
/// Every C# example of the rule pages (<c>analyzers/TypedTasks.Analyzers/Docs/TTnnnn.md</c>) compiles as its page
/// says. A page marks each <c>```csharp</c> block with an HTML comment right before it:
/// <list type="bullet">
/// <item><c>&lt;!-- compiled: TTnnnn --&gt;</c>, the case the rule catches: the analyzers report exactly one TTnnnn
/// on each line that ends in a <c>// TTnnnn</c> comment (two for <c>// TTnnnn (twice)</c>) and nothing else;</item>
/// <item><c>&lt;!-- compiled: fixed --&gt;</c>, the fixed code: no TT diagnostic at all.</item>
/// </list>
/// Each block is its own compilation, run through the generator and the analyzers as in a user project: the SDK's
/// implicit usings plus <c>using TypedTasks;</c> and <c>using Microsoft.Extensions.Logging;</c>, nullable on, the
/// page's own rule enabled (TT3003 is off by default). No block may have a compiler error or warning, in its own code
/// or in the generated code.
/// </summary>
public class DocExampleTests
{
    private const string Prelude = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.Extensions.Logging;
        global using TypedTasks;
        """;

    private static readonly string DocsFolder = Path.Combine(
        typeof(DocExampleTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!,
        "analyzers", "TypedTasks.Analyzers", "Docs");

    /// <summary>A marker (or none) and the C# block after it.</summary>
    private static readonly Regex Block = new(@"(?:<!-- compiled: (?<mark>TT\d{4}|fixed) -->\s*)?```csharp\n(?<code>.*?)```", RegexOptions.Singleline);

    /// <summary>The example's file in its compilation, after the prelude (File0.cs).</summary>
    private const string ExampleFile = "File1.cs";

    private static readonly Regex ExpectedOnLine = new(@"//\s*(?<id>TT\d{4})(?<twice>\s*\(twice\))?");

    private sealed record Example(string Page, int Number, string? Mark, string Code);

    private static IEnumerable<Example> Examples(string page) =>
        Block.Matches(File.ReadAllText(Path.Combine(DocsFolder, page + ".md"))).Select((m, i) =>
            new Example(page, i + 1, m.Groups["mark"].Success ? m.Groups["mark"].Value : null, m.Groups["code"].Value));

    private static IEnumerable<string> Pages() =>
        Directory.GetFiles(DocsFolder, "TT*.md").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static TheoryData<string> PageNames() => new(Pages());

    public static TheoryData<string, int> ExampleNames()
    {
        var names = new TheoryData<string, int>();
        foreach (var example in Pages().SelectMany(Examples))
            names.Add(example.Page, example.Number);
        return names;
    }

    [Theory]
    [MemberData(nameof(PageNames))]
    public void EveryExampleIsMarkedAndThePageShowsTheCaughtAndTheFixedCase(string page)
    {
        var examples = Examples(page).ToList();
        Assert.All(examples, e => Assert.True(e.Mark is not null, $"{page}.md example {e.Number} has no <!-- compiled: {page} --> or <!-- compiled: fixed --> before it"));
        Assert.Contains(examples, e => e.Mark == page);
        Assert.Contains(examples, e => e.Mark == "fixed");
    }

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void TheExampleCompilesAsItsPageSays(string page, int number)
    {
        var example = Examples(page).Single(e => e.Number == number);
        Assert.True(example.Mark is "fixed" || example.Mark == page, $"{page}.md example {number} is marked '{example.Mark}'; a page shows its own rule");

        var (_, output) = GeneratorRun.Run(TestCompilation.Create([page], Prelude, example.Code));
        var compilerProblems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(compilerProblems.Count == 0, $"{page}.md example {number} does not compile cleanly:\n" + string.Join("\n", compilerProblems));

        var reported = TestCompilation.AnalyzerDiagnostics(output).Select(d => d.Location.SourceTree?.FilePath == ExampleFile ? $"line {d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id}" : $"{d.Location}: {d.Id}");
        Assert.Equal(Expected(example).Order(StringComparer.Ordinal), reported.Order(StringComparer.Ordinal));
    }

    /// <summary>The diagnostics the example's <c>// TTnnnn</c> comments announce, all of the page's rule.</summary>
    private static IEnumerable<string> Expected(Example example)
    {
        var lines = example.Code.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (ExpectedOnLine.Match(lines[i]) is not { Success: true } match)
                continue;
            Assert.True(example.Mark == match.Groups["id"].Value,
                $"{example.Page}.md example {example.Number} (marked '{example.Mark}') announces {match.Groups["id"].Value} on line {i + 1}");
            for (int n = match.Groups["twice"].Success ? 2 : 1; n > 0; n--)
                yield return $"line {i + 1}: {example.Mark}";
        }
    }
}
