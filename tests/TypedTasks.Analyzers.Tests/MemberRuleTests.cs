using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static TypedTasks.Analyzers.Tests.Sources;
using Verify = TypedTasks.Analyzers.Tests.TaskAnalyzerTest<TypedTasks.Analyzers.TaskMemberAnalyzer>;

namespace TypedTasks.Analyzers.Tests;

public class MemberRuleTests
{
    private static DiagnosticResult Diagnostic(string id, int location, string message) =>
        Verify.Diagnostic(id).WithLocation(location).WithMessage(message);

    [Fact]
    public async Task TT2001_ReportsEachUnsupportedMemberAtItsType()
    {
        await Verify.VerifyAsync(Usings + $$"""
            public partial record Upload(string Name, {|#0:Stream|} Content) : IBacktask
            {
                public {|#1:Func<int>?|} Callback { get; set; }
                public {|#2:object|} Payload = new();
                public {|#3:List<Action>|} Steps { get; init; } = new();
                {{Run}}
            }
            """,
            Diagnostic("TT2001", 0, "Member 'Content' of task 'Upload' cannot be serialized: its type 'System.IO.Stream' is a Stream, which holds a live resource rather than data. Use a supported type or mark the member [TaskIgnore]."),
            Diagnostic("TT2001", 1, "Member 'Callback' of task 'Upload' cannot be serialized: its type 'System.Func<int>?' is a delegate (Func, Action…), which is code, not data. Use a supported type or mark the member [TaskIgnore]."),
            Diagnostic("TT2001", 2, "Member 'Payload' of task 'Upload' cannot be serialized: its type 'object' is object, whose shape is unknown until run time. Use a supported type or mark the member [TaskIgnore]."),
            Diagnostic("TT2001", 3, "Member 'Steps' of task 'Upload' cannot be serialized: its type 'System.Collections.Generic.List<System.Action>' has its elements of a type that is a delegate (Func, Action…), which is code, not data. Use a supported type or mark the member [TaskIgnore]."));
    }

    [Fact]
    public async Task TT2001_ReportsNestedTypesThatCannotBeSerialized()
    {
        await Verify.VerifyAsync(Usings + $$"""
            public sealed record Attachment(string Name, Stream Data);
            public abstract class Shape { public int Sides { get; set; } }
            public partial record Mail({|#0:Attachment|} File, {|#1:Shape|} Figure, {|#2:IComparable|} Key) : IBacktask { {{Run}} }
            """,
            Diagnostic("TT2001", 0, "Member 'File' of task 'Mail' cannot be serialized: its type 'Attachment' has a member Data that is a Stream, which holds a live resource rather than data. Use a supported type or mark the member [TaskIgnore]."),
            Diagnostic("TT2001", 1, "Member 'Figure' of task 'Mail' cannot be serialized: its type 'Shape' is abstract, so it cannot be created when the job is read. Use a supported type or mark the member [TaskIgnore]."),
            Diagnostic("TT2001", 2, "Member 'Key' of task 'Mail' cannot be serialized: its type 'System.IComparable' is an interface without a known shape (use a concrete type, List<T> or Dictionary<TKey, TValue>). Use a supported type or mark the member [TaskIgnore]."));
    }

    [Fact]
    public async Task TT2001_NamesTheFrameworkTypeItselfNotAMemberInsideIt()
    {
        await Verify.VerifyAsync(Usings + $$"""
            public partial record Plan({|#0:System.Collections.Frozen.FrozenSet<int>|} Ids, {|#1:PriorityQueue<string, int>|} Work,
                {|#2:SortedDictionary<double, int>|} Weights, {|#3:System.Numerics.Vector2|} Position) : IBacktask { {{Run}} }
            """,
            Diagnostic("TT2001", 0, "Member 'Ids' of task 'Plan' cannot be serialized: its type 'System.Collections.Frozen.FrozenSet<int>' is a collection TypedTasks does not map; use an array, List<T>, HashSet<T>, Dictionary<TKey, TValue> or another collection TT2001 lists. Use a supported type or mark the member [TaskIgnore]."),
            Diagnostic("TT2001", 1, "Member 'Work' of task 'Plan' cannot be serialized: its type 'System.Collections.Generic.PriorityQueue<string, int>' is a PriorityQueue, whose order is not its enumeration order; pass a list of (element, priority) tuples. Use a supported type or mark the member [TaskIgnore]."),
            Diagnostic("TT2001", 2, "Member 'Weights' of task 'Plan' cannot be serialized: its type 'System.Collections.Generic.SortedDictionary<double, int>' is a dictionary whose keys are not strings, integers, chars, enums or Guids. Use a supported type or mark the member [TaskIgnore]."),
            Diagnostic("TT2001", 3, "Member 'Position' of task 'Plan' cannot be serialized: its type 'System.Numerics.Vector2' is a .NET type TypedTasks does not map, and generated code cannot see its state; use a type TT2001 lists, a record of such types, or give the type a MessagePack formatter. Use a supported type or mark the member [TaskIgnore]."));
    }

    [Fact]
    public async Task TT2001_NearMiss_SortedAndConcurrentCollectionsAreMapped()
    {
        await Verify.VerifyAsync(Usings + """
            public partial record Plan(SortedDictionary<string, int> Sorted, System.Collections.Concurrent.ConcurrentDictionary<string, int> Shared,
                SortedSet<int> Ids, Queue<int> Waiting, System.Collections.Immutable.ImmutableArray<int> Fixed, (double Lat, double Lon) Where) : IBacktask
            {
                public Task RunAsync() => Task.CompletedTask;
            }
            """);
    }

    [Fact]
    public async Task TT2001_NearMiss_IgnoredComputedStaticAndPrivateMembers()
    {
        await Verify.VerifyAsync(Usings + """
            public partial record Upload(string Name, [property: TaskIgnore] Stream? Content = null) : IBacktask
            {
                [TaskIgnore] public Stream? Cache { get; set; }
                public Stream Open => new MemoryStream();
                public static Func<int> Factory { get; set; } = () => 1;
                private object _gate = new();
                public Task RunAsync() { lock (_gate) { } return Task.CompletedTask; }
            }
            """);
    }

    [Fact]
    public async Task TT2002_ReportsServicesAndRuntimeObjects()
    {
        await Verify.VerifyAsync(Usings + """
            namespace Microsoft.EntityFrameworkCore { public class DbContext { } }
            public sealed class ShopContext : Microsoft.EntityFrameworkCore.DbContext { }
            public partial record Sync(int Id, {|#0:Microsoft.Extensions.Logging.ILogger<Sync>|} Log) : IBacktask
            {
                public {|TT2002:IServiceProvider?|} Services { get; set; }
                public {|#1:System.Net.Http.HttpClient?|} Http { get; set; }
                public {|#2:ShopContext?|} Db { get; set; }
                public {|#3:CancellationToken|} Token { get; set; }
                public {|TT2002:CancellationToken?|} MaybeToken { get; set; }
                public Task RunAsync() => Task.CompletedTask;
            }
            """,
            Diagnostic("TT2002", 0, "Member 'Log' of task 'Sync' holds 'Microsoft.Extensions.Logging.ILogger<Sync>', which is a logger; services and runtime objects are not job data. Take it as a RunAsync parameter instead."),
            Diagnostic("TT2002", 1, "Member 'Http' of task 'Sync' holds 'System.Net.Http.HttpClient?', which is an HttpClient; services and runtime objects are not job data. Take it as a RunAsync parameter instead."),
            Diagnostic("TT2002", 2, "Member 'Db' of task 'Sync' holds 'ShopContext?', which is a DbContext; services and runtime objects are not job data. Take it as a RunAsync parameter instead."),
            Diagnostic("TT2002", 3, "Member 'Token' of task 'Sync' holds 'System.Threading.CancellationToken', which is a CancellationToken, which exists only while the job runs; services and runtime objects are not job data. Take it as a RunAsync parameter instead."));
    }

    [Fact]
    public async Task TT2002_NearMiss_ServicesAsRunAsyncParametersAndServiceLikeNames()
    {
        await Verify.VerifyAsync(Usings + """
            public partial record Sync(int Id, string Logger, string HttpClient) : IBacktask
            {
                public Task RunAsync(Microsoft.Extensions.Logging.ILogger<Sync> log, IServiceProvider services, System.Net.Http.HttpClient http, CancellationToken ct) => Task.CompletedTask;
            }
            """);
    }

    [Fact]
    public async Task TT2004_ReportsMembersSharingAWireKey()
    {
        await Verify.VerifyAsync(Usings + $$"""
            public partial record Greet(string Name, [property: {|#0:TaskMember("Name")|}] string Nickname) : IBacktask { {{Run}} }
            public partial record Moved([TaskMember("v")] int Value, [TaskMember("x")] int Other) : IBacktask
            {
                [{|#1:TaskMember("v")|}] public int Third { get; set; }
                {{Run}}
            }
            """,
            Diagnostic("TT2004", 0, "Members 'Name' and 'Nickname' of task 'Greet' are both written under the key 'Name', so one would overwrite the other. Give one of them a distinct [TaskMember(\"...\")] key."),
            Diagnostic("TT2004", 1, "Members 'Value' and 'Third' of task 'Moved' are both written under the key 'v', so one would overwrite the other. Give one of them a distinct [TaskMember(\"...\")] key."));
    }

    [Fact]
    public async Task TT2004_NearMiss_DistinctKeysKeysDifferingInCaseAndIgnoredMembers()
    {
        await Verify.VerifyAsync(Usings + $$"""
            public partial record Greet(string Name, [property: TaskMember("name")] string Nickname) : IBacktask
            {
                [TaskIgnore, TaskMember("Name")] public string? Shadow { get; set; }
                [TaskMember("n2")] public string? Alias { get; set; }
                {{Run}}
            }
            """);
    }

    [Fact]
    public async Task TT2005_WarnsWhenAMemberTypeHasDerivedTypes()
    {
        await Verify.VerifyAsync(Usings + $$"""
            public record Animal(string Name);
            public record Dog(string Name, string Breed) : Animal(Name);
            public partial record Vet({|#0:Animal|} Patient, {|TT2005:List<Animal>|} Waiting, {|TT2005:Dictionary<string, Animal?>|} Rooms) : IBacktask { {{Run}} }
            """,
            Diagnostic("TT2005", 0, "Member 'Patient' of task 'Vet' is typed 'Animal', which has derived types; only the members declared on 'Animal' are kept, so a derived instance comes back as 'Animal' without its extra data. Type the member with the concrete type it holds.")
                .WithSeverity(DiagnosticSeverity.Warning));
    }

    [Fact]
    public async Task TT2005_NearMiss_LeafSealedAndUnderivedTypes()
    {
        await Verify.VerifyAsync(Usings + $$"""
            public record Animal(string Name);
            public record Dog(string Name, string Breed) : Animal(Name);
            public sealed record Cat(string Name);
            public record Plant(string Name);
            public partial record Vet(Dog Patient, Cat Other, Plant Decoration, List<Dog> Waiting) : IBacktask { {{Run}} }
            """);
    }
}
