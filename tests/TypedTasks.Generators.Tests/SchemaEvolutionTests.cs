using System.Reflection;
using Xunit;

namespace TypedTasks.Generators.Tests;

/// <summary>Bytes written by one version of a task, read by the next.</summary>
public sealed class SchemaEvolutionTests
{
    private static Type Task(string declaration) =>
        GeneratorHarness.Load("Evolution", $$"""
            using System.Threading.Tasks;
            using TypedTasks;
            namespace Evolution;
            public enum Level { Low, High }
            {{declaration}}
            """).GetType("Evolution.Order")!;

    private static byte[] Write(Type type, params object?[] args) => GeneratedTasks.Write(Activator.CreateInstance(type, args)!);

    private static object? Get(object task, string property) => task.GetType().GetProperty(property)!.GetValue(task);

    [Fact]
    public void An_added_member_with_a_default_takes_the_default()
    {
        var v1 = Task("public partial record Order(int Id) : IBacktask { public Task RunAsync() => Task.CompletedTask; }");
        var v2 = Task("public partial record Order(int Id, string Note = \"none\", Level Level = Level.High, int? Extra = null) : IBacktask { public Task RunAsync() => Task.CompletedTask; }");

        var read = GeneratedTasks.Read(v2, Write(v1, 7));

        Assert.Equal((7, "none", "High", null), ((int)Get(read, "Id")!, Get(read, "Note"), Get(read, "Level")!.ToString(), Get(read, "Extra")));
    }

    [Fact]
    public void An_added_property_keeps_its_initializer()
    {
        var v1 = Task("public partial record Order(int Id) : IBacktask { public Task RunAsync() => Task.CompletedTask; }");
        var v2 = Task("public partial record Order(int Id) : IBacktask { public string Channel { get; init; } = \"web\"; public Task RunAsync() => Task.CompletedTask; }");

        var read = GeneratedTasks.Read(v2, Write(v1, 7));

        Assert.Equal("web", Get(read, "Channel"));
    }

    [Fact]
    public void A_removed_member_is_skipped()
    {
        var v1 = Task("public partial record Order(int Id, string Obsolete, int[] Lines) : IBacktask { public Task RunAsync() => Task.CompletedTask; }");
        var v2 = Task("public partial record Order(int Id) : IBacktask { public Task RunAsync() => Task.CompletedTask; }");

        var read = GeneratedTasks.Read(v2, Write(v1, 7, "old", new[] { 1, 2 }));

        Assert.Equal(7, Get(read, "Id"));
    }

    [Fact]
    public void A_renamed_member_is_read_under_its_old_name()
    {
        var v1 = Task("public partial record Order(int Id, string Customer) : IBacktask { public Task RunAsync() => Task.CompletedTask; }");
        var v2 = Task("public partial record Order(int Id, [TaskMember(\"Customer\")] string Buyer) : IBacktask { public Task RunAsync() => Task.CompletedTask; }");

        var read = GeneratedTasks.Read(v2, Write(v1, 7, "ada"));

        Assert.Equal("ada", Get(read, "Buyer"));
    }

    [Fact]
    public void A_missing_required_member_is_a_payload_error_naming_it()
    {
        var v1 = Task("public partial record Order(int Id) : IBacktask { public Task RunAsync() => Task.CompletedTask; }");
        var v2 = Task("public partial record Order(int Id, string Customer) : IBacktask { public Task RunAsync() => Task.CompletedTask; }");

        var error = Assert.Throws<TaskPayloadException>(() => GeneratedTasks.Read(v2, Write(v1, 7)));

        Assert.Contains("Customer", error.Message);
        Assert.Contains("Evolution.Order", error.Message);
    }

    [Fact]
    public void A_member_of_the_wrong_type_is_a_payload_error_naming_it()
    {
        var v1 = Task("public partial record Order(string Id) : IBacktask { public Task RunAsync() => Task.CompletedTask; }");
        var v2 = Task("public partial record Order(int Id) : IBacktask { public Task RunAsync() => Task.CompletedTask; }");

        var error = Assert.Throws<TaskPayloadException>(() => GeneratedTasks.Read(v2, Write(v1, "seven")));

        Assert.Contains("Id", error.Message);
    }
}
