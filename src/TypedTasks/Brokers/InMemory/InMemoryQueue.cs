namespace TypedTasks.Brokers;

/// <summary>One queue of <see cref="InMemoryBroker"/>; mutated only under the broker's lock.</summary>
internal sealed class InMemoryQueue(string name)
{
    private TaskCompletionSource _signal = NewSignal();

    public string Name { get; } = name;

    /// <summary>Whether a job was ever enqueued (or the queue paused), so lookups list it.</summary>
    public bool Known { get; set; }

    public bool Paused { get; set; }

    /// <summary>When a job last arrived: a queue idle past <see cref="BrokerOptions.ForgetIdleQueuesAfter"/> leaves the list.</summary>
    public DateTimeOffset LastJobAt { get; set; }

    /// <summary>Whether the queue holds no job in any state.</summary>
    public bool IsEmpty => Pending.Count == 0 && Active.Count == 0 && Scheduled.Count == 0 && Retry.Count == 0 && Dead.Count == 0 && Kept.Count == 0;

    /// <summary>Head = next job to fetch; requeued and recovered jobs go back to the head.</summary>
    public LinkedList<InMemoryJob> Pending { get; } = new();

    public HashSet<InMemoryJob> Active { get; } = [];
    public SortedSet<InMemoryJob> Scheduled { get; } = new(JobTimeComparer.Instance);
    public SortedSet<InMemoryJob> Retry { get; } = new(JobTimeComparer.Instance);
    public SortedSet<InMemoryJob> Dead { get; } = new(JobTimeComparer.Instance);

    /// <summary>Succeeded jobs with kept results and cancelled jobs, ordered by expiry.</summary>
    public SortedSet<InMemoryJob> Kept { get; } = new(JobTimeComparer.Instance);

    public Dictionary<string, (JobId Holder, DateTimeOffset ExpiresAt)> UniqueLocks { get; } = new(StringComparer.Ordinal);

    public long Succeeded { get; private set; }
    public long Failed { get; private set; }

    /// <summary>Attempts per minute (minutes since the epoch), for <see cref="IBrokerAdmin.GetThroughputAsync"/>.</summary>
    public SortedDictionary<long, (long Succeeded, long Failed)> Throughput { get; } = [];

    public void CountSucceeded(DateTimeOffset now)
    {
        Succeeded++;
        Count(now, succeeded: 1, failed: 0);
    }

    public void CountFailed(DateTimeOffset now)
    {
        Failed++;
        Count(now, succeeded: 0, failed: 1);
    }

    private void Count(DateTimeOffset now, long succeeded, long failed)
    {
        long minute = ThroughputMinute.MinuteOf(now);
        Throughput[minute] = Throughput.TryGetValue(minute, out var counts)
            ? (counts.Succeeded + succeeded, counts.Failed + failed)
            : (succeeded, failed);
        while (Throughput.Keys.First() < minute - ThroughputMinute.MaxHistory)
            Throughput.Remove(Throughput.Keys.First());
    }

    /// <summary>
    /// Like the Redis marker: set when work arrives, consumed by a waiting worker, so work that arrives between a
    /// worker's empty fetch and its wait is not missed.
    /// </summary>
    public bool Marked { get; private set; }

    public Task SignalTask => _signal.Task;

    /// <summary>Wakes waiting workers, unless the queue is paused (resuming marks it again).</summary>
    public void Mark()
    {
        if (Paused)
            return;
        Marked = true;
        var fired = _signal;
        _signal = NewSignal();
        fired.TrySetResult();
    }

    public void ClearMark() => Marked = false;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
