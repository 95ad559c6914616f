using Microsoft.CodeAnalysis;
using Xunit;
using static TypedTasks.Analyzers.Tests.AnalyzerVerifier;
using static TypedTasks.Analyzers.Tests.Sources;

namespace TypedTasks.Analyzers.Tests;

public class MemberRuleTests
{
    [Fact]
    public void TT2001_ReportsEachUnsupportedMemberAtItsType()
    {
        var diagnostics = Verify(Usings + $$"""
            public partial record Upload(string Name, {|TT2001:Stream|} Content) : IBacktask
            {
                public {|TT2001:Func<int>?|} Callback { get; set; }
                public {|TT2001:object|} Payload = new();
                public {|TT2001:List<Action>|} Steps { get; init; } = new();
                {{Run}}
            }
            """);
        Assert.Equal("Member 'Content' of task 'Upload' cannot be serialized: its type 'System.IO.Stream' is a Stream, which holds a live resource rather than data. Use a supported type or mark the member [TaskIgnore].",
            diagnostics[0].GetMessage());
        Assert.Contains("Member 'Callback' of task 'Upload' cannot be serialized: its type 'System.Func<int>?' is a delegate", diagnostics[1].GetMessage());
        Assert.Contains("Member 'Payload'", diagnostics[2].GetMessage());
        Assert.Contains("its type 'System.Collections.Generic.List<System.Action>' has its elements of a type that is a delegate", diagnostics[3].GetMessage());
    }

    [Fact]
    public void TT2001_ReportsNestedTypesThatCannotBeSerialized()
    {
        var diagnostics = Verify(Usings + $$"""
            public sealed record Attachment(string Name, Stream Data);
            public abstract class Shape { public int Sides { get; set; } }
            public partial record Mail({|TT2001:Attachment|} File, {|TT2001:Shape|} Figure, {|TT2001:IComparable|} Key) : IBacktask { {{Run}} }
            """);
        Assert.Contains("its type 'Attachment' has a member Data that is a Stream", diagnostics[0].GetMessage());
        Assert.Contains("its type 'Shape' is abstract", diagnostics[1].GetMessage());
        Assert.Contains("is an interface without a known shape", diagnostics[2].GetMessage());
    }

    [Fact]
    public void TT2001_NearMiss_IgnoredComputedStaticAndPrivateMembers()
    {
        Verify(Usings + """
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
    public void TT2002_ReportsServicesAndRuntimeObjects()
    {
        var diagnostics = Verify(Usings + """
            namespace Microsoft.EntityFrameworkCore { public class DbContext { } }
            public sealed class ShopContext : Microsoft.EntityFrameworkCore.DbContext { }
            public partial record Sync(int Id, {|TT2002:Microsoft.Extensions.Logging.ILogger<Sync>|} Log) : IBacktask
            {
                public {|TT2002:IServiceProvider?|} Services { get; set; }
                public {|TT2002:System.Net.Http.HttpClient?|} Http { get; set; }
                public {|TT2002:ShopContext?|} Db { get; set; }
                public {|TT2002:CancellationToken|} Token { get; set; }
                public {|TT2002:CancellationToken?|} MaybeToken { get; set; }
                public Task RunAsync() => Task.CompletedTask;
            }
            """);
        Assert.Equal("Member 'Log' of task 'Sync' holds 'Microsoft.Extensions.Logging.ILogger<Sync>', which is a logger; services and runtime objects are not job data. Take it as a RunAsync parameter instead.",
            diagnostics[0].GetMessage());
        Assert.Contains("which is an HttpClient", diagnostics[2].GetMessage());
        Assert.Contains("which is a DbContext", diagnostics[3].GetMessage());
        Assert.Contains("which is a CancellationToken", diagnostics[4].GetMessage());
    }

    [Fact]
    public void TT2002_NearMiss_ServicesAsRunAsyncParametersAndServiceLikeNames()
    {
        Verify(Usings + """
            public partial record Sync(int Id, string Logger, string HttpClient) : IBacktask
            {
                public Task RunAsync(Microsoft.Extensions.Logging.ILogger<Sync> log, IServiceProvider services, System.Net.Http.HttpClient http, CancellationToken ct) => Task.CompletedTask;
            }
            """);
    }

    [Fact]
    public void TT2004_ReportsMembersSharingAWireKey()
    {
        var diagnostics = Verify(Usings + $$"""
            public partial record Greet(string Name, [property: {|TT2004:TaskMember("Name")|}] string Nickname) : IBacktask { {{Run}} }
            public partial record Moved([TaskMember("v")] int Value, [TaskMember("x")] int Other) : IBacktask
            {
                [{|TT2004:TaskMember("v")|}] public int Third { get; set; }
                {{Run}}
            }
            """);
        Assert.Equal("Members 'Name' and 'Nickname' of task 'Greet' are both written under the key 'Name', so one would overwrite the other. Give one of them a distinct [TaskMember(\"...\")] key.",
            diagnostics[0].GetMessage());
        Assert.Contains("Members 'Value' and 'Third' of task 'Moved' are both written under the key 'v'", diagnostics[1].GetMessage());
    }

    [Fact]
    public void TT2004_NearMiss_DistinctKeysKeysDifferingInCaseAndIgnoredMembers()
    {
        Verify(Usings + $$"""
            public partial record Greet(string Name, [property: TaskMember("name")] string Nickname) : IBacktask
            {
                [TaskIgnore, TaskMember("Name")] public string? Shadow { get; set; }
                [TaskMember("n2")] public string? Alias { get; set; }
                {{Run}}
            }
            """);
    }

    [Fact]
    public void TT2005_WarnsWhenAMemberTypeHasDerivedTypes()
    {
        var diagnostics = Verify(Usings + $$"""
            public record Animal(string Name);
            public record Dog(string Name, string Breed) : Animal(Name);
            public partial record Vet({|TT2005:Animal|} Patient, {|TT2005:List<Animal>|} Waiting, {|TT2005:Dictionary<string, Animal?>|} Rooms) : IBacktask { {{Run}} }
            """);
        Assert.Equal("Member 'Patient' of task 'Vet' is typed 'Animal', which has derived types; only the members declared on 'Animal' are kept, so a derived instance comes back as 'Animal' without its extra data. Type the member with the concrete type it holds.",
            diagnostics[0].GetMessage());
        Assert.Equal(DiagnosticSeverity.Warning, diagnostics[0].Severity);
    }

    [Fact]
    public void TT2005_NearMiss_LeafSealedAndUnderivedTypes()
    {
        Verify(Usings + $$"""
            public record Animal(string Name);
            public record Dog(string Name, string Breed) : Animal(Name);
            public sealed record Cat(string Name);
            public record Plant(string Name);
            public partial record Vet(Dog Patient, Cat Other, Plant Decoration, List<Dog> Waiting) : IBacktask { {{Run}} }
            """);
    }
}
