using Microsoft.CodeAnalysis;
using Xunit;
using static TypedTasks.Analyzers.Tests.Sources;

namespace TypedTasks.Analyzers.Tests;

/// <summary>
/// Every task declaration the generator skips gets an analyzer error (or TT1006), and every one it generates gets
/// none: the user is never left with a task that silently has no <c>PerformAsync</c>.
/// </summary>
public class DeclarationAgreementTests
{
    /// <summary>Declarations of the task <c>Decl.Subject</c> (or <c>Decl.Jobs.Subject</c>), by case name.</summary>
    private static readonly Dictionary<string, (string Source, string TaskName)> Cases = new()
    {
        ["record"] = ($"public partial record Subject(int A) : IBacktask {{ {Run} }}", "Decl.Subject"),
        ["record struct"] = ($"public partial record struct Subject(int A) : IBacktask {{ {Run} }}", "Decl.Subject"),
        ["class with settable properties"] = ($"public partial class Subject : IBacktask {{ public int A {{ get; set; }} {Run} }}", "Decl.Subject"),
        ["class with matching constructor"] = ($"public partial class Subject : IBacktask {{ public Subject(int a) {{ A = a; }} public int A {{ get; }} {Run} }}", "Decl.Subject"),
        ["nested in partial class"] = ($"public partial class Jobs {{ internal partial record Subject(int A) : IBacktask {{ {Run} }} }}", "Decl.Jobs+Subject"),
        ["service, context and token parameters"] = ("public partial record Subject(int A) : IBacktask { public Task<int> RunAsync(IServiceProvider s, TaskContext c, CancellationToken t) => Task.FromResult(A); }", "Decl.Subject"),
        ["ignored stream"] = ($"public partial record Subject(int A, [property: TaskIgnore] Stream? S = null) : IBacktask {{ {Run} }}", "Decl.Subject"),
        ["not partial"] = ($"public record Subject(int A) : IBacktask {{ {Run} }}", "Decl.Subject"),
        ["container not partial"] = ($"public class Jobs {{ public partial record Subject(int A) : IBacktask {{ {Run} }} }}", "Decl.Jobs+Subject"),
        ["generic"] = ($"public partial record Subject<T>(int A) : IBacktask {{ {Run} }}", "Decl.Subject`1"),
        ["nested in generic"] = ($"public partial class Jobs<T> {{ public partial record Subject(int A) : IBacktask {{ {Run} }} }}", "Decl.Jobs`1+Subject"),
        ["private"] = ($"public partial class Jobs {{ private partial record Subject(int A) : IBacktask {{ {Run} }} }}", "Decl.Jobs+Subject"),
        ["abstract"] = ($"public abstract partial record Subject(int A) : IBacktask {{ {Run} }}", "Decl.Subject"),
        ["no usable constructor"] = ($"public partial class Subject : IBacktask {{ public Subject(int other) {{ }} public int A {{ get; }} {Run} }}", "Decl.Subject"),
        ["no RunAsync"] = ("public partial record Subject(int A) : IBacktask;", "Decl.Subject"),
        ["RunAsync returns int"] = ("public partial record Subject(int A) : IBacktask { public int RunAsync() => A; }", "Decl.Subject"),
        ["async void RunAsync"] = ("public partial record Subject(int A) : IBacktask { public async void RunAsync() => await Task.Yield(); }", "Decl.Subject"),
        ["int parameter"] = ("public partial record Subject(int A) : IBacktask { public Task RunAsync(int b) => Task.CompletedTask; }", "Decl.Subject"),
        ["private RunAsync"] = ("public partial record Subject(int A) : IBacktask { private Task RunAsync() => Task.CompletedTask; }", "Decl.Subject"),
        ["generic RunAsync"] = ("public partial record Subject(int A) : IBacktask { public Task RunAsync<T>() => Task.CompletedTask; }", "Decl.Subject"),
        ["two RunAsync"] = ($"public partial record Subject(int A) : IBacktask {{ {Run} public Task RunAsync(CancellationToken t) => Task.CompletedTask; }}", "Decl.Subject"),
        ["unserializable result"] = ("public partial record Subject(int A) : IBacktask { public Task<Stream> RunAsync() => Task.FromResult(Stream.Null); }", "Decl.Subject"),
        ["stream member"] = ($"public partial record Subject(int A, Stream S) : IBacktask {{ {Run} }}", "Decl.Subject"),
        ["logger member"] = ($"public partial record Subject(int A) : IBacktask {{ public Microsoft.Extensions.Logging.ILogger? Log {{ get; set; }} {Run} }}", "Decl.Subject"),
        ["inherited stream member"] = ($"public class Base {{ public Stream? S {{ get; set; }} }} public partial class Subject : Base, IBacktask {{ {Run} }}", "Decl.Subject"),
        ["invalid name"] = ($"[Backtask(Name = \"a b\")] public partial record Subject(int A) : IBacktask {{ {Run} }}", "Decl.Subject"),
        ["through base type"] = ($"public partial record Base(int A) : IBacktask {{ {Run} }} public partial record Subject(int A) : Base(A) {{ public new Task RunAsync() => Task.CompletedTask; }}", "Decl.Subject"),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void TheGeneratorSkipsATaskExactlyWhenTheAnalyzerExplainsWhy(string caseName)
    {
        var (source, taskName) = Cases[caseName];
        var compilation = TestCompilation.Create(Usings + "namespace Decl\n{\n" + source + "\n}\n");
        var explained = TestCompilation.AnalyzerDiagnostics(compilation).Where(d => d.Severity == DiagnosticSeverity.Error || d.Id == "TT1006").ToList();
        var subject = compilation.GetTypeByMetadataName(taskName);
        Assert.NotNull(subject);
        bool generated = GeneratorRun.Run(compilation).HintNames.Contains(GeneratorRun.HintName(taskName));

        Assert.True(generated == (explained.Count == 0),
            $"{caseName}: generated = {generated}, analyzer: {(explained.Count == 0 ? "nothing" : string.Join("; ", explained))}");
    }
}
