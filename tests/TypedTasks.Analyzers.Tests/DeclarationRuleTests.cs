using Xunit;
using static TypedTasks.Analyzers.Tests.AnalyzerVerifier;
using static TypedTasks.Analyzers.Tests.Sources;

namespace TypedTasks.Analyzers.Tests;

public class DeclarationRuleTests
{
    [Fact]
    public void TT1001_ReportsTaskAndContainingTypesThatAreNotPartial()
    {
        var diagnostics = Verify(Usings + $$"""
            public record {|TT1001:NotPartial|}(int A) : IBacktask { {{Run}} }
            public static class {|TT1001:Jobs|}
            {
                public partial record Inner(int A) : IBacktask { {{Run}} }
            }
            """);
        Assert.Equal("'NotPartial' is not declared partial, so TypedTasks cannot add the generated code of task 'NotPartial'. Add the 'partial' modifier to 'NotPartial'.",
            diagnostics[0].GetMessage());
        Assert.Contains("task 'Jobs.Inner'", diagnostics[1].GetMessage());
    }

    [Fact]
    public void TT1001_NearMiss_PartialChainsAndTypesThatAreNotTasks()
    {
        Verify(Usings + $$"""
            public partial class Jobs
            {
                public partial record Inner(int A) : IBacktask { {{Run}} }
            }
            public record NotATask(int A);
            public class Service : IDisposable { public void Dispose() { } }
            """);
    }

    [Fact]
    public void TT1002_ReportsGenericTasksAndTasksNestedInGenericTypes()
    {
        var diagnostics = Verify(Usings + $$"""
            public partial record {|TT1002:Import|}<T>(T Item) : IBacktask { {{Run}} }
            public partial class Outer<T>
            {
                public partial record {|TT1002:Inner|}(int A) : IBacktask { {{Run}} }
            }
            """);
        Assert.Contains("'Import<T>' is generic", diagnostics[0].GetMessage());
        Assert.Contains("is nested in the generic type 'Outer<T>'", diagnostics[1].GetMessage());
    }

    [Fact]
    public void TT1002_NearMiss_ClosedGenericMembersAndGenericHelpers()
    {
        Verify(Usings + $$"""
            public partial record Batch(List<int> Ids, Dictionary<string, int?> Counts) : IBacktask
            {
                public static T Echo<T>(T value) => value;
                {{Run}}
            }
            """);
    }

    [Fact]
    public void TT1003_ReportsMissingRunAsync()
    {
        var diagnostics = Verify(Usings + """
            public partial record {|TT1003:NoRun|}(int A) : IBacktask
            {
                public static Task RunAsync(int a) => Task.CompletedTask;
            }
            public abstract record Runnable { public Task RunAsync() => Task.CompletedTask; }
            public partial record {|TT1003:Inherits|}(int A) : Runnable, IBacktask;
            """);
        Assert.StartsWith("Task 'NoRun' has no RunAsync instance method. Declare one public or internal 'Task RunAsync(...)'", diagnostics[0].GetMessage());
        Assert.StartsWith("Task 'Inherits' inherits RunAsync from 'Runnable', but the generated runner only calls one declared on the task itself.", diagnostics[1].GetMessage());
    }

    [Fact]
    public void TT1003_ReportsWrongReturnTypesAndAsyncVoid()
    {
        var diagnostics = Verify(Usings + """
            public partial record ReturnsInt(int A) : IBacktask { public {|TT1003:int|} RunAsync() => A; }
            public partial record AsyncVoid(int A) : IBacktask { public async {|TT1003:void|} RunAsync() => await Task.Yield(); }
            public partial record StreamResult(int A) : IBacktask { public {|TT1003:Task<Stream>|} RunAsync() => Task.FromResult(Stream.Null); }
            """);
        Assert.Contains("declares RunAsync returning 'int'", diagnostics[0].GetMessage());
        Assert.Contains("'async void'", diagnostics[1].GetMessage());
        Assert.Contains("result type 'System.IO.Stream' is a Stream", diagnostics[2].GetMessage());
    }

    [Fact]
    public void TT1003_ReportsBadParametersAccessibilityGenericsAndOverloads()
    {
        var diagnostics = Verify(Usings + """
            public partial record BadParameter(int A) : IBacktask { public Task RunAsync(CancellationToken ct, int {|TT1003:count|}) => Task.CompletedTask; }
            public partial record RefParameter(int A) : IBacktask { public Task RunAsync(ref TaskContext {|TT1003:context|}) => Task.CompletedTask; }
            public partial record Hidden(int A) : IBacktask { private Task {|TT1003:RunAsync|}() => Task.CompletedTask; }
            public partial record Generic(int A) : IBacktask { public Task {|TT1003:RunAsync|}<T>() => Task.CompletedTask; }
            public partial record Twice(int A) : IBacktask
            {
                public Task RunAsync() => Task.CompletedTask;
                public Task {|TT1003:RunAsync|}(CancellationToken ct) => Task.CompletedTask;
            }
            """);
        Assert.Contains("parameter 'count' of type 'int', which is neither a service (a class or interface), TaskContext nor CancellationToken", diagnostics[0].GetMessage());
        Assert.Contains("'context' by reference", diagnostics[1].GetMessage());
        Assert.Contains("declares RunAsync private", diagnostics[2].GetMessage());
        Assert.Contains("declares 2 RunAsync methods", diagnostics[4].GetMessage());
    }

    [Fact]
    public void TT1003_NearMiss_EveryValidReturnTypeAndParameterKind()
    {
        Verify(Usings + """
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
    public void TT1004_ReportsPrivateProtectedAndFileLocalTypes()
    {
        var diagnostics = Verify(Usings + $$"""
            public partial class Jobs
            {
                private partial record {|TT1004:Hidden|}(int A) : IBacktask { {{Run}} }
                protected internal partial record {|TT1004:Family|}(int A) : IBacktask { {{Run}} }
                private partial class {|TT1004:Group|}
                {
                    public partial record Inner(int A) : IBacktask { {{Run}} }
                }
            }
            file partial record {|TT1004:Local|}(int A) : IBacktask { {{Run}} }
            """);
        Assert.Equal("Task 'Jobs.Hidden' cannot be reached by generated code because 'Jobs.Hidden' is private. Make 'Jobs.Hidden' public or internal.", diagnostics[0].GetMessage());
        Assert.Contains("because 'Jobs.Family' is protected internal", diagnostics[1].GetMessage());
        Assert.Contains("Task 'Jobs.Group.Inner' cannot be reached by generated code because 'Jobs.Group' is private", diagnostics[2].GetMessage());
        Assert.Contains("is file-local", diagnostics[3].GetMessage());
    }

    [Fact]
    public void TT1004_NearMiss_InternalTasksAndPrivateNonTasks()
    {
        Verify(Usings + $$"""
            internal partial class Jobs
            {
                internal partial record Visible(int A) : IBacktask { {{Run}} }
                private sealed record Helper(int A);
            }
            """);
    }

    [Fact]
    public void TT1005_ReportsAbstractTasksAndTasksWithoutAUsableConstructor()
    {
        var diagnostics = Verify(Usings + $$"""
            public abstract partial record {|TT1005:Base|}(int A) : IBacktask { {{Run}} }
            public partial class {|TT1005:Notify|} : IBacktask
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
            """);
        Assert.Contains("Task 'Base' is abstract, so a job cannot be read back into it.", diagnostics[0].GetMessage());
        Assert.Contains("Task 'Notify' has no constructor TypedTasks can call", diagnostics[1].GetMessage());
    }

    [Fact]
    public void TT1005_NearMiss_ConstructorsTheReaderCanCall()
    {
        Verify(Usings + $$"""
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
    public void TT1006_ReportsIBacktaskThroughBaseTypeInterfaceOrAlias()
    {
        var diagnostics = Verify("using Job = TypedTasks.IBacktask;\n" + Usings + $$"""
            public interface IAudited : IBacktask { }
            public partial record Base(int A) : IBacktask { {{Run}} }
            public partial record Derived(int A, int B) : {|TT1006:Base|}(A);
            public partial record Archive(int Id) : {|TT1006:IAudited|} { {{Run}} }
            public partial record Ping(int A) : {|TT1006:Job|} { {{Run}} }
            """);
        Assert.Equal("'Derived' implements IBacktask only through the base type 'Base', so TypedTasks generates nothing for it. Declare ': IBacktask' on 'Derived' itself.",
            diagnostics[0].GetMessage());
        Assert.Contains("through the interface 'IAudited'", diagnostics[1].GetMessage());
        Assert.Contains("through the alias 'Job'", diagnostics[2].GetMessage());
    }

    [Fact]
    public void TT1006_NearMiss_RedeclaredInterfaceAbstractIntermediatesAndQualifiedNames()
    {
        Verify(Usings + $$"""
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
