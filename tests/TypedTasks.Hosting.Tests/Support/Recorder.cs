using System.Collections.Concurrent;

namespace TypedTasks.Hosting.Tests;

/// <summary>A singleton the test tasks write to, so tests can see what ran and when.</summary>
public sealed class Recorder
{
    private readonly ConcurrentQueue<string> _events = new();

    public IReadOnlyList<string> Events => _events.ToArray();

    public void Add(string item) => _events.Enqueue(item);

    private int _running;

    /// <summary>Counts a job in; returns how many run now, this one included.</summary>
    public int Enter() => Interlocked.Increment(ref _running);

    /// <summary>Counts a job out; returns how many ran until now, this one included.</summary>
    public int Exit() => Interlocked.Decrement(ref _running) + 1;

    public int CountOf(string prefix) => _events.Count(e => e.StartsWith(prefix, StringComparison.Ordinal));

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what ?? "a condition"}.");
            await Task.Delay(10);
        }
    }

    public static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var value = await probe();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what ?? "a condition"}; last value: {value}.");
            await Task.Delay(10);
        }
    }
}
