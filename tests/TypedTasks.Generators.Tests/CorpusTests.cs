using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TypedTasks.Brokers;
using Xunit;

namespace TypedTasks.Generators.Tests;

/// <summary>
/// The corpus of task declarations (<see cref="Corpus"/>): every valid one is generated, enqueued through the in-memory
/// broker, read back by its generated reader, compared with what was enqueued member by member, and run; every
/// invalid one gets exactly the diagnostic its page documents, and what the generator still emits beside such errors
/// (a task with a duplicate wire key or name is generated; the analyzers' errors stop the build) compiles.
/// </summary>
public sealed class CorpusTests
{
    private static readonly Regex ExpectedOnLine = new(@"//\s*(?<id>TT\d{4})\b");

    public static TheoryData<string> ValidTaskNames() => new(Corpus.ValidTasks().Select(t => t.FullName!));

    public static TheoryData<string> InvalidTaskNames() => new(InvalidRun.Value.Tasks.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void The_corpus_has_at_least_100_task_declarations_of_both_kinds()
    {
        int valid = Corpus.ValidTasks().Count(), invalid = InvalidRun.Value.Tasks.Count;
        Assert.True(valid >= 60 && invalid >= 40 && valid + invalid >= 100, $"{valid} valid and {invalid} invalid task declarations");
    }

    [Theory]
    [MemberData(nameof(ValidTaskNames))]
    public async Task A_valid_task_round_trips_through_the_in_memory_broker_and_runs(string typeName)
    {
        var type = Corpus.Valid.Value.GetType(typeName)!;
        var sample = GeneratedTasks.Sample(type) ?? throw new InvalidOperationException($"{typeName} has no Sample");
        var broker = new InMemoryBroker();
        var client = new BrokerTaskClient(broker);

        var id = await Corpus.PerformAsync(sample, client);
        var fetched = await broker.FetchAsync(new FetchRequest { Queues = [GeneratedTasks.Options(type).Queue], Count = 1 });
        var job = Assert.Single(fetched.Jobs);
        var envelope = JobEnvelopeCodec.Decode(job.Envelope);
        Assert.Equal((id, GeneratedTasks.Name(type)), (job.Id, envelope.Name));

        var read = GeneratedTasks.Read(type, envelope.Args.ToArray());
        MemberComparer.AssertEqual(sample, read, type.Name);
        Assert.Equal(envelope.Args.ToArray(), GeneratedTasks.Write(read));

        var context = new TaskContext(id, envelope.Name, job.Queue, job.Attempt, envelope.EnqueuedAt, new ServiceCollection().BuildServiceProvider());
        await GeneratedTasks.Descriptor(type).ExecuteAsync(envelope.Args, context, CancellationToken.None);
    }

    [Theory]
    [MemberData(nameof(InvalidTaskNames))]
    public void An_invalid_task_gets_exactly_the_diagnostic_its_comment_names(string taskName)
    {
        var task = InvalidRun.Value.Tasks[taskName];
        Assert.True(task.Expected.Count == 1, $"{taskName} must announce one diagnostic, not {task.Expected.Count}");
        Assert.Equal(task.Expected, task.Reported);
    }

    [Fact]
    public void Nothing_generated_for_the_invalid_corpus_fails_to_compile()
    {
        var problems = InvalidRun.Value.OutputProblems;
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static readonly Lazy<InvalidCorpusRun> InvalidRun = new(RunInvalidCorpus);

    private sealed record InvalidTask(List<string> Expected, List<string> Reported);

    private sealed record InvalidCorpusRun(Dictionary<string, InvalidTask> Tasks, List<Diagnostic> OutputProblems);

    /// <summary>One compilation of the invalid corpus, through the generator and every TypedTasks analyzer.</summary>
    private static InvalidCorpusRun RunInvalidCorpus()
    {
        var compilation = GeneratorHarness.Compilation("InvalidCorpus", Corpus.Sources("Invalid"));
        var userErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(userErrors.Count == 0, "The invalid corpus itself does not compile:\n" + string.Join("\n", userErrors));

        GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var outputProblems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

        var analyzers = new DiagnosticAnalyzer[]
        {
            new TypedTasks.Analyzers.TaskDeclarationAnalyzer(), new TypedTasks.Analyzers.TaskMemberAnalyzer(), new TypedTasks.Analyzers.TaskNameAnalyzer(),
        };
        var diagnostics = compilation.WithAnalyzers([.. analyzers]).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

        var tasks = new Dictionary<string, InvalidTask>(StringComparer.Ordinal);
        foreach (var declaration in Corpus.TaskDeclarations(compilation))
        {
            var symbol = compilation.GetSemanticModel(declaration.SyntaxTree).GetDeclaredSymbol(declaration)!;
            var text = declaration.SyntaxTree.GetText();
            var lines = text.Lines.Where(l => declaration.Span.IntersectsWith(l.Span)).ToList();
            var expected = lines.SelectMany(l => ExpectedOnLine.Matches(l.ToString()).Select(m => $"line {l.LineNumber + 1}: {m.Groups["id"].Value}")).ToList();
            var reported = diagnostics.Where(d => d.Location.SourceTree == declaration.SyntaxTree && declaration.Span.Contains(d.Location.SourceSpan))
                .Select(d => $"line {d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id}").Order(StringComparer.Ordinal).ToList();
            tasks.Add(MetadataName(symbol), new InvalidTask(expected.Order(StringComparer.Ordinal).ToList(), reported));
        }
        return new InvalidCorpusRun(tasks, outputProblems);
    }

    /// <summary>A type's metadata name, <c>Ns.Outer+Inner</c>, which also names its generated file.</summary>
    private static string MetadataName(ISymbol type) =>
        type.ContainingType is { } container ? MetadataName(container) + "+" + type.MetadataName
        : type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName
        : type.MetadataName;
}
