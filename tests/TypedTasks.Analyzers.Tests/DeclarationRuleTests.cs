using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static TypedTasks.Analyzers.Tests.Sources;
using Verify = TypedTasks.Analyzers.Tests.TaskAnalyzerTest<TypedTasks.Analyzers.TaskDeclarationAnalyzer>;

namespace TypedTasks.Analyzers.Tests;

public class DeclarationRuleTests
{
    private const string RunAsyncFix = " Declare one public or internal 'Task RunAsync(...)' (or ValueTask, Task<T>, ValueTask<T>) whose parameters are services, TaskContext or CancellationToken.";

    private const string ConstructorFix = " Make it a non-abstract record, class or struct with a primary constructor, a parameterless constructor, or a public or internal constructor whose parameters match its properties.";

    private static DiagnosticResult Diagnostic(string id, int location, string message) =>
        Verify.Diagnostic(id).WithLocation(location).WithMessage(message);

    [Fact]
    public async Task TT1001_ReportsTaskAndContainingTypesThatAreNotPartial()
    {
        await Verify.VerifyAsync(Usings + $$"""
            public record {|#0:NotPartial|}(int A) : IBacktask { {{Run}} }
            public static class {|#1:Jobs|}
            {
                public partial record Inner(int A) : IBacktask { {{Run}} }
            }
            """,
            Diagnostic("TT1001", 0, "'NotPartial' is not declared partial, so TypedTasks cannot add the generated code of task 'NotPartial'. Add the 'partial' modifier to 'NotPartial'."),
            Diagnostic("TT1001", 1, "'Jobs' is not declared partial, so TypedTasks cannot add the generated code of task 'Jobs.Inner'. Add the 'partial' modifier to 'Jobs'."));
    }

    [Fact]
    public async Task TT1001_NearMiss_PartialChainsAndTypesThatAreNotTasks()
    {
        await Verify.VerifyAsync(Usings + $$"""
            public partial class Jobs
            {
                public partial record Inner(int A) : IBacktask { {{Run}} }
            }
            public record NotATask(int A);
            public class Service : IDisposable { public void Dispose() { } }
            """);
    }

    [Fact]
    public async Task TT1002_ReportsGenericTasksAndTasksNestedInGenericTypes()
    {
        await Verify.VerifyAsync(Usings + $$"""
            public partial record {|#0:Import|}<T>(T Item) : IBacktask { {{Run}} }
            public partial class Outer<T>
            {
                public partial record {|#1:Inner|}(int A) : IBacktask { {{Run}} }
            }
            """,
            Diagnostic("TT1002", 0, "Task 'Import<T>' is generic, so it has no single wire name or serializer. Declare a non-generic task type for each case."),
            Diagnostic("TT1002", 1, "Task 'Outer<T>.Inner' is nested in the generic type 'Outer<T>', so it has no single wire name or serializer. Declare a non-generic task type for each case."));
    }

    [Fact]
    public async Task TT1002_NearMiss_ClosedGenericMembersAndGenericHelpers()
    {
        await Verify.VerifyAsync(Usings + $$"""
            public partial record Batch(List<int> Ids, Dictionary<string, int?> Counts) : IBacktask
            {
                public static T Echo<T>(T value) => value;
                {{Run}}
            }
            """);
    }

    [Fact]
    public async Task TT1003_ReportsMissingRunAsync()
    {
        await Verify.VerifyAsync(Usings + """
            public partial record {|#0:NoRun|}(int A) : IBacktask
            {
                public static Task RunAsync(int a) => Task.CompletedTask;
            }
            public abstract record Runnable { public Task RunAsync() => Task.CompletedTask; }
            public partial record {|#1:Inherits|}(int A) : Runnable, IBacktask;
            """,
            Diagnostic("TT1003", 0, "Task 'NoRun' has no RunAsync instance method." + RunAsyncFix),
            Diagnostic("TT1003", 1, "Task 'Inherits' inherits RunAsync from 'Runnable', but the generated runner only calls one declared on the task itself." + RunAsyncFix));
    }

    [Fact]
    public async Task TT1003_ReportsWrongReturnTypesAndAsyncVoid()
    {
        await Verify.VerifyAsync(Usings + """
            public partial record ReturnsInt(int A) : IBacktask { public {|#0:int|} RunAsync() => A; }
            public partial record AsyncVoid(int A) : IBacktask { public async {|#1:void|} RunAsync() => await Task.Yield(); }
            public partial record StreamResult(int A) : IBacktask { public {|#2:Task<Stream>|} RunAsync() => Task.FromResult(Stream.Null); }
            """,
            Diagnostic("TT1003", 0, "Task 'ReturnsInt' declares RunAsync returning 'int'." + RunAsyncFix),
            Diagnostic("TT1003", 1, "Task 'AsyncVoid' declares RunAsync 'async void', so a failure cannot fail the job and the worker cannot await it." + RunAsyncFix),
            Diagnostic("TT1003", 2, "Task 'StreamResult' declares RunAsync whose result type 'System.IO.Stream' is a Stream, which holds a live resource rather than data, so the result cannot be stored." + RunAsyncFix));
    }

    [Fact]
    public async Task TT1003_ReportsBadParametersAccessibilityGenericsAndOverloads()
    {
        await Verify.VerifyAsync(Usings + """
            public partial record BadParameter(int A) : IBacktask { public Task RunAsync(CancellationToken ct, int {|#0:count|}) => Task.CompletedTask; }
            public partial record RefParameter(int A) : IBacktask { public Task RunAsync(ref TaskContext {|#1:context|}) => Task.CompletedTask; }
            public partial record Hidden(int A) : IBacktask { private Task {|#2:RunAsync|}() => Task.CompletedTask; }
            public partial record Generic(int A) : IBacktask { public Task {|TT1003:RunAsync|}<T>() => Task.CompletedTask; }
            public partial record Twice(int A) : IBacktask
            {
                public Task RunAsync() => Task.CompletedTask;
                public Task {|#3:RunAsync|}(CancellationToken ct) => Task.CompletedTask;
            }
            """,
            Diagnostic("TT1003", 0, "Task 'BadParameter' takes the RunAsync parameter 'count' of type 'int', which is neither a service (a class or interface), TaskContext nor CancellationToken." + RunAsyncFix),
            Diagnostic("TT1003", 1, "Task 'RefParameter' passes the RunAsync parameter 'context' by reference." + RunAsyncFix),
            Diagnostic("TT1003", 2, "Task 'Hidden' declares RunAsync private, so generated code cannot call it." + RunAsyncFix),
            Diagnostic("TT1003", 3, "Task 'Twice' declares 2 RunAsync methods, but the generated runner calls exactly one." + RunAsyncFix));
    }

    [Fact]
    public async Task TT1003_NearMiss_EveryValidReturnTypeAndParameterKind()
    {
        await Verify.VerifyAsync(Usings + """
            public interface IMailer { }
            public sealed class Clock { }
            public sealed record Receipt(string Id);
            public partial record A1(int A) : IBacktask { public Task RunAsync() => Task.CompletedTask; }
            public partial record A2(int A) : IBacktask { public ValueTask RunAsync(CancellationToken ct) => default; }
            public partial record A3(int A) : IBacktask { public Task<int> RunAsync(TaskContext context) => Task.FromResult(A); }
            public partial record A4(int A) : IBacktask { internal ValueTask<Receipt> RunAsync(IMailer mailer, Clock clock, TaskContext context, CancellationToken ct) => new(new Receipt("r")); }
            public partial record A5(int A) : IBacktask { public async Task RunAsync(IServiceProvider services) => await Task.Yield(); }
            public partial record A6(int A) : IBacktask { public Task<List<string>> RunAsync(Microsoft.Extensions.Logging.ILogger<A6> log) => Task.FromResult(new List<string>()); }
            """);
    }

    [Fact]
    public async Task TT1004_ReportsPrivateProtectedAndFileLocalTypes()
    {
        await Verify.VerifyAsync(Usings + $$"""
            public partial class Jobs
            {
                private partial record {|#0:Hidden|}(int A) : IBacktask { {{Run}} }
                protected internal partial record {|#1:Family|}(int A) : IBacktask { {{Run}} }
                private partial class {|#2:Group|}
                {
                    public partial record Inner(int A) : IBacktask { {{Run}} }
                }
            }
            file partial record {|#3:Local|}(int A) : IBacktask { {{Run}} }
            """,
            Diagnostic("TT1004", 0, "Task 'Jobs.Hidden' cannot be reached by generated code because 'Jobs.Hidden' is private. Make 'Jobs.Hidden' public or internal."),
            Diagnostic("TT1004", 1, "Task 'Jobs.Family' cannot be reached by generated code because 'Jobs.Family' is protected internal. Make 'Jobs.Family' public or internal."),
            Diagnostic("TT1004", 2, "Task 'Jobs.Group.Inner' cannot be reached by generated code because 'Jobs.Group' is private. Make 'Jobs.Group' public or internal."),
            Diagnostic("TT1004", 3, "Task 'Local' cannot be reached by generated code because 'Local' is file-local. Make 'Local' public or internal."));
    }

    [Fact]
    public async Task TT1004_NearMiss_InternalTasksAndPrivateNonTasks()
    {
        await Verify.VerifyAsync(Usings + $$"""
            internal partial class Jobs
            {
                internal partial record Visible(int A) : IBacktask { {{Run}} }
                private sealed record Helper(int A);
            }
            """);
    }

    [Fact]
    public async Task TT1005_ReportsAbstractTasksAndTasksWithoutAUsableConstructor()
    {
        await Verify.VerifyAsync(Usings + $$"""
            public abstract partial record {|#0:Base|}(int A) : IBacktask { {{Run}} }
            public partial class {|#1:Notify|} : IBacktask
            {
                public Notify(string user, bool urgent) { User = user; }
                public string User { get; }
                {{Run}}
            }
            public partial class {|TT1005:Locked|} : IBacktask
            {
                private Locked() { }
                public int A { get; set; }
                {{Run}}
            }
            """,
            Diagnostic("TT1005", 0, "Task 'Base' is abstract, so a job cannot be read back into it." + ConstructorFix),
            Diagnostic("TT1005", 1, "Task 'Notify' has no constructor TypedTasks can call, so a job cannot be read back into it." + ConstructorFix));
    }

    [Fact]
    public async Task TT1005_NearMiss_ConstructorsTheReaderCanCall()
    {
        await Verify.VerifyAsync(Usings + $$"""
            public partial class Matching : IBacktask
            {
                public Matching(string user, bool urgent = false) { User = user; }
                public string User { get; }
                {{Run}}
            }
            public partial class Settable : IBacktask
            {
                private Settable(int a) { A = a; }
                public Settable() { }
                public int A { get; set; }
                {{Run}}
            }
            public partial struct Point : IBacktask { public int X; {{Run}} }
            """);
    }

    [Fact]
    public async Task TT1006_ReportsIBacktaskThroughBaseTypeInterfaceOrAlias()
    {
        await Verify.VerifyAsync("using Job = TypedTasks.IBacktask;\n" + Usings + $$"""
            public interface IAudited : IBacktask { }
            public partial record Base(int A) : IBacktask { {{Run}} }
            public partial record Derived(int A, int B) : {|#0:Base|}(A);
            public partial record Archive(int Id) : {|#1:IAudited|} { {{Run}} }
            public partial record Ping(int A) : {|#2:Job|} { {{Run}} }
            """,
            Diagnostic("TT1006", 0, "'Derived' implements IBacktask only through the base type 'Base', so TypedTasks generates nothing for it. Declare ': IBacktask' on 'Derived' itself."),
            Diagnostic("TT1006", 1, "'Archive' implements IBacktask only through the interface 'IAudited', so TypedTasks generates nothing for it. Declare ': IBacktask' on 'Archive' itself."),
            Diagnostic("TT1006", 2, "'Ping' implements IBacktask only through the alias 'Job', so TypedTasks generates nothing for it. Declare ': IBacktask' on 'Ping' itself."));
    }

    [Fact]
    public async Task TT1006_NearMiss_RedeclaredInterfaceAbstractIntermediatesAndQualifiedNames()
    {
        await Verify.VerifyAsync(Usings + $$"""
            public partial record Base(int A) : IBacktask { {{Run}} }
            public partial record Derived(int A, int B) : Base(A), IBacktask { public new Task RunAsync() => Task.CompletedTask; }
            public abstract record Intermediate(int A) : Base(A);
            public partial record Qualified(int A) : global::TypedTasks.IBacktask { {{Run}} }
            public sealed record HandWritten(int A) : IGeneratedTask<HandWritten>
            {
                public static string Name => "hand.written";
                public static TaskOptions Options => new();
                public static void Write(ref MessagePack.MessagePackWriter writer, HandWritten task) => writer.WriteMapHeader(0);
                public static HandWritten Read(ref MessagePack.MessagePackReader reader) { reader.Skip(); return new(0); }
                public static ValueTask<byte[]?> RunAsync(HandWritten task, TaskContext context, CancellationToken ct) => new((byte[]?)null);
            }
            """);
    }
}
