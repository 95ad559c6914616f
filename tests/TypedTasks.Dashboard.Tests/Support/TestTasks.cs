using TypedTasks;

namespace TypedTasks.Dashboard.Tests.Support;

/// <summary>A job that takes its time, so the overview can see it pending and active.</summary>
[Backtask(Name = "dashboard.nap", Queue = "naps")]
public partial record Nap(int Milliseconds) : IBacktask
{
    public Task RunAsync(CancellationToken cancellationToken) => Task.Delay(Milliseconds, cancellationToken);
}

/// <summary>A job that fails while its switch is broken (no retries, so it goes dead at once) and then returns a value.</summary>
[Backtask(Name = "dashboard.flaky", Queue = "flaky", MaxRetries = 0)]
public partial record Flaky(string Key) : IBacktask
{
    public Task<string> RunAsync(FlakySwitch state) => state.Broken
        ? throw new InvalidOperationException($"flaky {Key}: the switch is broken")
        : Task.FromResult($"fixed {Key}");
}

/// <summary>Whether <see cref="Flaky"/> fails.</summary>
public sealed class FlakySwitch
{
    public volatile bool Broken = true;
}

/// <summary>A job that only waits in its queue (no worker serves it), to be looked at.</summary>
[Backtask(Name = "dashboard.note", Queue = "notes")]
public partial record Note(string Text, int Number) : IBacktask
{
    public Task RunAsync() => Task.CompletedTask;
}
