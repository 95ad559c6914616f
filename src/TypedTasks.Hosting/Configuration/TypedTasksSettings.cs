namespace TypedTasks.Hosting;

/// <summary>
/// The <c>TypedTasks</c> configuration section, bound by the configuration-binding source generator (no reflection):
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

    /// <summary>The Redis connection string; the in-memory broker is used when it is empty.</summary>
    public string? Redis { get; set; }

    /// <summary>The prefix of every Redis key (several apps can share one Redis).</summary>
    public string? KeyPrefix { get; set; }

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
