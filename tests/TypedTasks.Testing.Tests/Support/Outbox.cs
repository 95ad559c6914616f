using System.Collections.Concurrent;

namespace TypedTasks.Testing.Tests;

/// <summary>What the test tasks did, with the test clock's time of each entry.</summary>
public sealed class Outbox(TimeProvider clock)
{
    private readonly ConcurrentQueue<(string Entry, DateTimeOffset At)> _entries = new();

    public IReadOnlyList<string> Entries => _entries.Select(e => e.Entry).ToList();

    public IReadOnlyList<(string Entry, DateTimeOffset At)> Timed => _entries.ToList();

    public void Add(string entry) => _entries.Enqueue((entry, clock.GetUtcNow()));
}
