namespace TypedTasks;

/// <summary>Retention and recovery settings shared by every broker.</summary>
public class BrokerOptions
{
    /// <summary>The error recorded on a job that went dead after <see cref="MaxStalls"/> expired leases.</summary>
    public const string StalledError = "The job stalled too many times (its lease expired while it ran: did the worker crash while running it?).";

    /// <summary>The dead set keeps at most this many jobs per queue (Sidekiq's 10 000); the oldest deaths go first.</summary>
    public int DeadMaxJobs { get; init; } = 10_000;

    /// <summary>Dead jobs older than this are deleted (Sidekiq's 180 days).</summary>
    public TimeSpan DeadMaxAge { get; init; } = TimeSpan.FromDays(180);

    /// <summary>
    /// Dead-set limits for particular queues, overriding <see cref="DeadMaxJobs"/> and <see cref="DeadMaxAge"/>
    /// (e.g. keep every failed payment job for a year, but only the last 100 failed thumbnails).
    /// </summary>
    public IReadOnlyDictionary<string, DeadRetention> DeadRetentionByQueue { get; init; } = new Dictionary<string, DeadRetention>(StringComparer.Ordinal);

    /// <summary>The dead-set limits of <paramref name="queue"/>.</summary>
    public DeadRetention DeadRetentionFor(string queue) =>
        DeadRetentionByQueue.TryGetValue(queue, out var retention) ? retention : new DeadRetention(DeadMaxJobs, DeadMaxAge);

    /// <summary>How long a cancelled job stays visible to lookups.</summary>
    public TimeSpan KeepCancelledFor { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// A job whose lease expires this many times goes to the dead set instead of back to pending: a job that kills its
    /// worker every time (out of memory, stack overflow) must not take down every worker in turn.
    /// </summary>
    public int MaxStalls { get; init; } = 2;

    /// <summary>The most due scheduled or retry jobs one fetch promotes per queue.</summary>
    public int PromoteBatch { get; init; } = 100;

    /// <summary>
    /// A queue that has held no job (pending, running, scheduled, retrying, dead or kept) and got none for this long
    /// leaves the list of queues (<see cref="Brokers.IBroker.GetQueuesAsync"/>), so names used once do not pile up; its next
    /// job brings it back. A paused queue stays. <see cref="Timeout.InfiniteTimeSpan"/> keeps every name forever.
    /// </summary>
    public TimeSpan ForgetIdleQueuesAfter { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public virtual void Validate()
    {
        if (DeadMaxJobs < 0) throw new ArgumentOutOfRangeException(nameof(DeadMaxJobs), DeadMaxJobs, "DeadMaxJobs must be 0 or more.");
        if (DeadMaxAge <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(DeadMaxAge), DeadMaxAge, "DeadMaxAge must be positive.");
        foreach (var (queue, retention) in DeadRetentionByQueue)
        {
            if (retention.MaxJobs < 0 || retention.MaxAge <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(DeadRetentionByQueue), retention, $"Queue '{queue}': dead retention needs MaxJobs of 0 or more and a positive MaxAge.");
        }
        if (KeepCancelledFor <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(KeepCancelledFor), KeepCancelledFor, "KeepCancelledFor must be positive.");
        if (MaxStalls < 1) throw new ArgumentOutOfRangeException(nameof(MaxStalls), MaxStalls, "MaxStalls must be 1 or more.");
        if (ForgetIdleQueuesAfter <= TimeSpan.Zero && ForgetIdleQueuesAfter != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(ForgetIdleQueuesAfter), ForgetIdleQueuesAfter, "ForgetIdleQueuesAfter must be positive, or Timeout.InfiniteTimeSpan to keep every queue name.");
        if (PromoteBatch < 1) throw new ArgumentOutOfRangeException(nameof(PromoteBatch), PromoteBatch, "PromoteBatch must be 1 or more.");
    }
}

/// <summary>How many dead jobs a queue keeps, and for how long.</summary>
/// <param name="MaxJobs">The most dead jobs kept; the oldest deaths go first.</param>
/// <param name="MaxAge">Dead jobs older than this are deleted.</param>
public sealed record DeadRetention(int MaxJobs, TimeSpan MaxAge);
