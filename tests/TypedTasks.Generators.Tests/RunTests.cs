using Microsoft.Extensions.DependencyInjection;
using MessagePack;
using Xunit;

namespace TypedTasks.Generators.Tests;

public sealed class RunTests
{
    private const string Source = """
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using TypedTasks;

namespace Running;

public sealed class Journal { public List<string> Lines { get; } = new(); }
public interface IClock { string Now(); }
public sealed class FixedClock : IClock { public string Now() => "noon"; }

public partial record Note(string Text) : IBacktask
{
    public async Task RunAsync(Journal journal, IClock clock, TaskContext context, CancellationToken cancellationToken)
    {
        await Task.Yield();
        journal.Lines.Add($"{Text} at {clock.Now()} (job {context.JobId}, attempt {context.Attempt}, cancellable {cancellationToken.CanBeCanceled})");
    }
}

public partial record Sum(List<int> Numbers) : IBacktask
{
    public ValueTask<long> RunAsync(Journal journal)
    {
        long total = 0;
        foreach (var n in Numbers) total += n;
        journal.Lines.Add($"sum {total}");
        return new(total);
    }
}
""";

    [Fact]
    public async Task RunAsync_gets_its_services_context_and_token_and_its_result_is_encoded()
    {
        var assembly = GeneratorHarness.Load("Running", Source);
        var journalType = assembly.GetType("Running.Journal")!;
        var journal = Activator.CreateInstance(journalType)!;
        var services = new ServiceCollection()
            .AddSingleton(journalType, journal)
            .AddSingleton(assembly.GetType("Running.IClock")!, assembly.GetType("Running.FixedClock")!)
            .BuildServiceProvider();
        var lines = (List<string>)journalType.GetProperty("Lines")!.GetValue(journal)!;
        using var cancellation = new CancellationTokenSource();

        var note = Activator.CreateInstance(assembly.GetType("Running.Note")!, "hello")!;
        var context = new TaskContext(new JobId("job-1"), "Running.Note", "default", 2, DateTimeOffset.UtcNow, services);
        var noResult = await GeneratedTasks.Descriptor(note.GetType()).ExecuteAsync(GeneratedTasks.Write(note), context, cancellation.Token);

        Assert.Null(noResult);
        Assert.Equal("hello at noon (job job-1, attempt 2, cancellable True)", Assert.Single(lines));

        var sumType = assembly.GetType("Running.Sum")!;
        var sum = Activator.CreateInstance(sumType, new List<int> { 40, 2 })!;
        var result = await GeneratedTasks.Descriptor(sumType).ExecuteAsync(GeneratedTasks.Write(sum),
            new TaskContext(new JobId("job-2"), "Running.Sum", "default", 1, DateTimeOffset.UtcNow, services), default);

        Assert.NotNull(result);
        var reader = new MessagePackReader(result);
        Assert.Equal(42, reader.ReadInt64());
        Assert.Equal("sum 42", lines[1]);
        Assert.Contains(sumType.GetInterfaces(), i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IGeneratedTask<,>) && i.GetGenericArguments()[1] == typeof(long));
    }

    [Fact]
    public async Task A_missing_service_fails_the_job_with_the_container_message()
    {
        var assembly = GeneratorHarness.Load("Running", Source);
        var note = Activator.CreateInstance(assembly.GetType("Running.Note")!, "x")!;
        var context = new TaskContext(new JobId("job-3"), "Running.Note", "default", 1, DateTimeOffset.UtcNow, new ServiceCollection().BuildServiceProvider());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await GeneratedTasks.Descriptor(note.GetType()).ExecuteAsync(GeneratedTasks.Write(note), context, default));
        Assert.Contains("Running.Journal", error.Message);
    }
}
