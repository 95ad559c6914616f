using System.Collections.Concurrent;

namespace TypedTasks.Hosting;

/// <summary>The last time each worker of this process completed a heartbeat with the broker (for the health check).</summary>
internal sealed class WorkerHeartbeats
{
    private readonly ConcurrentDictionary<string, Entry> _beats = new(StringComparer.Ordinal);

    public void Register(string workerId, TimeSpan interval, DateTimeOffset now) => _beats[workerId] = new Entry(now, interval);

    public void Beat(string workerId, DateTimeOffset now)
    {
        if (_beats.TryGetValue(workerId, out var beat))
            _beats[workerId] = beat with { At = now };
    }

    public void Unregister(string workerId) => _beats.TryRemove(workerId, out _);

    /// <summary>The shortest silence taken as a stuck worker, so a busy machine or a GC pause is no false alarm.</summary>
    public static readonly TimeSpan MinimumStaleAge = TimeSpan.FromSeconds(5);

    /// <summary>Workers whose last heartbeat is older than three intervals (and at least <see cref="MinimumStaleAge"/>).</summary>
    public IEnumerable<(string WorkerId, TimeSpan Age)> Stale(DateTimeOffset now)
    {
        foreach (var (id, beat) in _beats)
        {
            var age = now - beat.At;
            if (age > beat.Interval * 3 && age > MinimumStaleAge)
                yield return (id, age);
        }
    }

    public int Count => _beats.Count;

    private readonly record struct Entry(DateTimeOffset At, TimeSpan Interval);
}
