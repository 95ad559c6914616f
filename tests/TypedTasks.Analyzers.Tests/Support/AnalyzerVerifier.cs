using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Microsoft.Extensions.Logging;
using Xunit;

namespace TypedTasks.Analyzers.Tests;

/// <summary>An expected diagnostic: its id and the exact span it must cover.</summary>
public sealed record ExpectedDiagnostic(string Id, TextSpan Span);

/// <summary>
/// Runs the real TypedTasks analyzers over source marked up with <c>{|TT2001:text|}</c> and checks that exactly the
/// marked spans are reported, with the marked ids (the Microsoft testing packages are not available here).
/// </summary>
public static class AnalyzerVerifier
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
        [new TaskDeclarationAnalyzer(), new TaskMemberAnalyzer(), new TaskNameAnalyzer()];

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(IBacktask).Assembly.Location)
            .Append(typeof(global::MessagePack.MessagePackWriter).Assembly.Location)
            .Append(typeof(ILogger).Assembly.Location)
            .Distinct();
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilation Compilation(params string[] sources) => Compilation([], sources);

    /// <summary>A compilation of <paramref name="sources"/> with the off-by-default rules <paramref name="enabled"/> turned on.</summary>
    public static CSharpCompilation Compilation(IEnumerable<string> enabled, params string[] sources) =>
        CSharpCompilation.Create("UserTasks",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"File{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
                {
                    // The runtime library is built for net8.0 and these tests compile against the net10.0 runtime.
                    ["CS1701"] = ReportDiagnostic.Suppress,
                    ["CS1702"] = ReportDiagnostic.Suppress,
                }.Concat(enabled.Select(id => KeyValuePair.Create(id, ReportDiagnostic.Warn))).ToDictionary()));

    /// <summary>The TypedTasks diagnostics of already valid C#, in source order.</summary>
    public static ImmutableArray<Diagnostic> Diagnostics(CSharpCompilation compilation)
    {
        var compilerErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(compilerErrors.Count == 0, "The test source does not compile:\n" + string.Join("\n", compilerErrors));
        var diagnostics = compilation.WithAnalyzers(Analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        return [.. diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Checks that the analyzers report exactly the marked diagnostics of <paramref name="markedSources"/> and
    /// returns them, for message checks.
    /// </summary>
    public static ImmutableArray<Diagnostic> Verify(params string[] markedSources) => VerifyEnabling([], markedSources);

    /// <summary><see cref="Verify"/> with the off-by-default rules <paramref name="enabled"/> turned on.</summary>
    public static ImmutableArray<Diagnostic> VerifyEnabling(string[] enabled, params string[] markedSources)
    {
        var parsed = markedSources.Select(Parse).ToList();
        var diagnostics = Diagnostics(Compilation(enabled, [.. parsed.Select(p => p.Source)]));
        var expected = parsed.SelectMany((p, i) => p.Expected.Select(e => $"File{i}.cs {e.Id} {Show(p.Source, e.Span)}")).Order(StringComparer.Ordinal);
        var actual = diagnostics.Select(d => $"{d.Location.SourceTree!.FilePath} {d.Id} {Show(d.Location.SourceTree.ToString(), d.Location.SourceSpan)}").Order(StringComparer.Ordinal);
        Assert.Equal(string.Join("\n", expected), string.Join("\n", actual));
        return diagnostics;
    }

    private static string Show(string source, TextSpan span) =>
        $"[{span.Start}..{span.End}) '{source.Substring(span.Start, span.Length)}'";

    /// <summary>Removes the <c>{|ID:...|}</c> markers and records what each covered.</summary>
    public static (string Source, List<ExpectedDiagnostic> Expected) Parse(string marked)
    {
        var source = new StringBuilder();
        var expected = new List<ExpectedDiagnostic>();
        var open = new Stack<(string Id, int Start)>();
        for (int i = 0; i < marked.Length; i++)
        {
            if (marked[i] == '{' && i + 1 < marked.Length && marked[i + 1] == '|')
            {
                int colon = marked.IndexOf(':', i + 2);
                open.Push((marked[(i + 2)..colon], source.Length));
                i = colon;
            }
            else if (marked[i] == '|' && i + 1 < marked.Length && marked[i + 1] == '}' && open.Count > 0)
            {
                var (id, start) = open.Pop();
                expected.Add(new ExpectedDiagnostic(id, TextSpan.FromBounds(start, source.Length)));
                i++;
            }
            else
            {
                source.Append(marked[i]);
            }
        }
        Assert.True(open.Count == 0, "Unclosed {|ID: marker.");
        return (source.ToString(), expected);
    }
}
