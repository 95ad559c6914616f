using System.Text.RegularExpressions;
using TypedTasks.Brokers;

namespace TypedTasks.Postgres;

/// <summary>Settings of <see cref="PostgresBroker"/>.</summary>
public sealed partial class PostgresBrokerOptions : BrokerOptions
{
    /// <summary>
    /// The schema holding the broker's tables (<c>typedtasks</c>), so several applications can share one database
    /// without seeing each other's jobs. 1 to 50 lower-case letters, digits and underscores, starting with a letter or
    /// an underscore.
    /// </summary>
    public string Schema { get; init; } = "typedtasks";

    /// <summary>
    /// Creates and upgrades the schema on first use (under an advisory lock, so hosts starting at once are safe). Turn
    /// it off to run <see cref="PostgresBroker.MigrateAsync"/> yourself, e.g. from a deployment step with more rights.
    /// </summary>
    public bool AutoMigrate { get; init; } = true;

    /// <summary>
    /// How often, at most, expired leases of a queue are recovered (and its finished jobs purged) across all nodes:
    /// each node may call <see cref="IBroker.RecoverExpiredAsync"/> as often as it likes; a timestamp on the queue's
    /// row lets one call per interval do the work. <see cref="TimeSpan.Zero"/> removes the gate.
    /// </summary>
    public TimeSpan RecoverInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an idle worker waits before it fetches again while the notification connection is down (LISTEN/NOTIFY
    /// wakes it at once otherwise).
    /// </summary>
    public TimeSpan FallbackPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The most rows one purge statement deletes of each kind; purge repeats while it deletes full batches.</summary>
    public int PurgeBatch { get; init; } = 1000;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (Schema is null || !SchemaPattern().IsMatch(Schema))
            throw new ArgumentException($"Schema '{Schema}' must have 1 to 50 lower-case letters, digits or '_', and start with a letter or '_'.", nameof(Schema));
        if (RecoverInterval < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(RecoverInterval), RecoverInterval, "RecoverInterval must be zero or positive.");
        if (FallbackPollInterval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(FallbackPollInterval), FallbackPollInterval, "FallbackPollInterval must be positive.");
        if (PurgeBatch < 1)
            throw new ArgumentOutOfRangeException(nameof(PurgeBatch), PurgeBatch, "PurgeBatch must be 1 or more.");
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,49}$")]
    private static partial Regex SchemaPattern();
}
