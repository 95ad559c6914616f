using System.Collections.Concurrent;
using TypedTasks;

namespace TypedTasks.Cli.Tests;

/// <summary>A task whose payload has a string, a number and an enum (shown by name only through the registry).</summary>
[Backtask(Name = "cli.greet", Queue = "cli-greet")]
public partial record Greet(string Who, int Times, DayOfWeek Day) : IBacktask
{
    public Task RunAsync() => Task.CompletedTask;
}

/// <summary>Fails its first run (so, with no retry, it goes dead) and succeeds when run again.</summary>
[Backtask(Name = "cli.flaky", MaxRetries = 0)]
public partial record Flaky(string Key) : IBacktask
{
    public Task RunAsync(FlakyRuns runs) => runs.Run(Key);
}

public sealed class FlakyRuns
{
    private readonly ConcurrentDictionary<string, int> _runs = new();

    public TaskCompletionSource Succeeded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Run(string key)
    {
        if (_runs.AddOrUpdate(key, 1, (_, n) => n + 1) == 1)
            throw new InvalidOperationException($"first run of {key} fails");
        Succeeded.TrySetResult();
        return Task.CompletedTask;
    }
}
