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

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (string.IsNullOrEmpty(KeyPrefix) || KeyPrefix.Contains('{') || KeyPrefix.Contains('}'))
            throw new ArgumentException($"KeyPrefix '{KeyPrefix}' must be non-empty and contain no '{{' or '}}'.", nameof(KeyPrefix));
        if (RecoverInterval < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(RecoverInterval), RecoverInterval, "RecoverInterval must be zero or positive.");
    }
}
