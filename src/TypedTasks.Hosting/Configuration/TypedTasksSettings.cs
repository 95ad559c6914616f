namespace TypedTasks.Hosting;

/// <summary>
/// The <c>TypedTasks</c> configuration section, bound by the configuration-binding source generator (no reflection).
/// <c>Redis</c> and <c>KeyPrefix</c> are read by TypedTasks.Redis when the app calls
/// <c>AddTypedTasks(configuration, o =&gt; o.UseRedisFromConfiguration())</c>; <c>Postgres</c> and <c>Schema</c> by
/// TypedTasks.Postgres (<c>o.UsePostgresFromConfiguration()</c>):
/// <code>
/// "TypedTasks": {
///   "Redis": "localhost:6379",
///   "KeyPrefix": "tt",
///   "StrictOrder": false,
///   "Queues": { "default": { "Concurrency": 10 }, "mail": { "Concurrency": 2, "Weight": 3 } }
/// }
/// </code>
/// </summary>
public sealed class TypedTasksSettings
{
    /// <summary>The section's name.</summary>
    public const string SectionName = "TypedTasks";

    /// <summary>
    /// The settings that choose a broker (read by the broker's own package, which the app wires with its
    /// <c>UseXFromConfiguration()</c>), with the fix to show when one is set but its package is not wired.
    /// </summary>
    public static IReadOnlyDictionary<string, string> BrokerKeys { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Redis"] = "reference the TypedTasks.Redis package and call services.AddTypedTasks(configuration, o => o.UseRedisFromConfiguration())",
        ["Postgres"] = "reference the TypedTasks.Postgres package and call services.AddTypedTasks(configuration, o => o.UsePostgresFromConfiguration())",
        ["Nats"] = "reference the TypedTasks.Nats package and call services.AddTypedTasks(configuration, o => o.UseNatsFromConfiguration())",
    };

    /// <summary>Whether workers fetch queues in strict order.</summary>
    public bool? StrictOrder { get; set; }

    /// <summary>The queues workers serve, by name.</summary>
    public Dictionary<string, QueueSettings> Queues { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One queue of <see cref="TypedTasksSettings.Queues"/>.</summary>
public sealed class QueueSettings
{
    /// <summary>How many of its jobs run at once per worker.</summary>
    public int Concurrency { get; set; } = 10;

    /// <summary>Its share of fetches in weighted order.</summary>
    public int Weight { get; set; } = 1;

    /// <summary>What happens to its finished jobs when their task does not say.</summary>
    public Retention Retention { get; set; }
}
