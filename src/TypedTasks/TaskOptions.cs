namespace TypedTasks;

/// <summary>
/// The options a task type declares (from <see cref="BacktaskAttribute"/> and an optional static <c>Backoff</c>
/// method). The generator emits one instance per task; <see cref="JobOptions"/> override them per job.
/// </summary>
public sealed record TaskOptions
{
    /// <summary>The default number of retries: Sidekiq's 25 (about three weeks with the default backoff).</summary>
    public const int DefaultMaxRetries = 25;

    /// <summary>The queue used when none is given.</summary>
    public const string DefaultQueue = "default";

    /// <summary>Options of a task that declares none.</summary>
    public static TaskOptions Default { get; } = new();

    /// <summary>The queue jobs go to when the caller names none.</summary>
    public string Queue { get; init; } = DefaultQueue;

    /// <summary>Retries after the first attempt before the job is dead.</summary>
    public int MaxRetries { get; init; } = DefaultMaxRetries;

    /// <summary>The time limit of one attempt; <see langword="null"/> for none.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Whether enqueueing a duplicate (same name and payload, or same unique key) returns the queued job.</summary>
    public bool Unique { get; init; }

    /// <summary>How long the unique lock lives; <see langword="null"/> for until the job ends.</summary>
    public TimeSpan? UniqueFor { get; init; }

    /// <summary>When the unique lock is released.</summary>
    public UniqueMode UniqueMode { get; init; }

    /// <summary>How long a succeeded job's state and result are kept; <see langword="null"/> deletes it at once.</summary>
    public TimeSpan? KeepResultFor { get; init; }

    /// <summary>The delay before retry number <c>attempt</c> (1-based); <see langword="null"/> for the default backoff.</summary>
    public Func<int, TimeSpan>? Backoff { get; init; }

    /// <summary>How long <see cref="Retention.KeepAll"/> keeps succeeded jobs.</summary>
    public static readonly TimeSpan KeepAllFor = TimeSpan.FromDays(7);

    /// <summary>What happens to finished jobs; <see langword="null"/> leaves it to the queue (see the worker's queue options).</summary>
    public Retention? Retention { get; init; }
}
