using TypedTasks.Brokers;

namespace TypedTasks.Redis;

/// <summary>Settings of <see cref="RedisBroker"/>.</summary>
public sealed class RedisBrokerOptions : BrokerOptions
{
    /// <summary>
    /// The first segment of every key (<c>tt:{queue}:pending</c>, …), so several applications can share one Redis
    /// database without seeing each other's jobs.
    /// </summary>
    public string KeyPrefix { get; init; } = "tt";

    /// <summary>
    /// How often, at most, expired leases of a queue are recovered across all nodes: each node may call
    /// <see cref="IBroker.RecoverExpiredAsync"/> as often as it likes; a <c>SET NX PX</c> gate lets one call per
    /// interval do the work. <see cref="TimeSpan.Zero"/> removes the gate.
    /// </summary>
    public TimeSpan RecoverInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After each enqueue call, wait (Redis <c>WAIT</c>) until this many replicas have the jobs, so a failover right
    /// after the enqueue returns cannot lose them (replication is otherwise asynchronous: a master killed before it
    /// passed the jobs on loses them). 0, the default, does not wait. An enqueue that fewer replicas acknowledge within
    /// <see cref="WaitForReplicasTimeout"/> throws a <see cref="TimeoutException"/>; the jobs are stored on the master,
    /// and enqueueing them again with the same ids stores each once. <c>WAIT</c> holds the connection to that master
    /// for the time the replicas take, so use it for jobs that must survive a failover, with replicas close by.
    /// </summary>
    public int WaitForReplicas { get; init; }

    /// <summary>How long an enqueue waits for <see cref="WaitForReplicas"/> replicas.</summary>
    public TimeSpan WaitForReplicasTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (string.IsNullOrEmpty(KeyPrefix) || KeyPrefix.Contains('{') || KeyPrefix.Contains('}'))
            throw new ArgumentException($"KeyPrefix '{KeyPrefix}' must be non-empty and contain no '{{' or '}}'.", nameof(KeyPrefix));
        if (WaitForReplicas < 0)
            throw new ArgumentOutOfRangeException(nameof(WaitForReplicas), WaitForReplicas, "WaitForReplicas must be 0 or more.");
        if (WaitForReplicasTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(WaitForReplicasTimeout), WaitForReplicasTimeout, "WaitForReplicasTimeout must be positive.");
        if (RecoverInterval < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(RecoverInterval), RecoverInterval, "RecoverInterval must be zero or positive.");
    }
}
