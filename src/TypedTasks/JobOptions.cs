namespace TypedTasks;

/// <summary>Per-job options given at enqueue time. Each one set overrides the task's <see cref="TaskOptions"/>.</summary>
public sealed record JobOptions
{
    /// <summary>The id to give the job; a new UUIDv7 when <see langword="null"/>.</summary>
    public JobId? JobId { get; init; }

    /// <summary>Retries after the first attempt before the job is dead.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>The time limit of one attempt: positive and at most <see cref="MaxTimeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// The longest time limit a job may have: 4 294 967 294 ms (about 49.7 days), the longest a
    /// <see cref="CancellationTokenSource"/> waits.
    /// </summary>
    public static TimeSpan MaxTimeout { get; } = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>Whether <paramref name="timeout"/> can be a job's time limit: positive and at most <see cref="MaxTimeout"/>.</summary>
    /// <param name="timeout">The time limit.</param>
    /// <returns><see langword="true"/> when a worker can run a job under that limit.</returns>
    public static bool IsValidTimeout(TimeSpan timeout) => timeout > TimeSpan.Zero && timeout <= MaxTimeout;

    /// <summary>Makes the job unique under this key instead of its name and payload.</summary>
    public string? UniqueKey { get; init; }

    /// <summary>How long the unique lock lives.</summary>
    public TimeSpan? UniqueFor { get; init; }

    /// <summary>How long the job's state and result are kept after success.</summary>
    public TimeSpan? KeepResultFor { get; init; }

    /// <summary>
    /// Retry delays for this job: the delay after the first failure, after the second, and so on (the last repeats);
    /// overrides the task's backoff.
    /// </summary>
    public IReadOnlyList<TimeSpan>? RetryDelays { get; init; }

    /// <summary>The encoded envelopes of the chain links that follow this job (set by <see cref="TaskChain"/>).</summary>
    internal IReadOnlyList<ReadOnlyMemory<byte>>? Next { get; init; }

    /// <summary>The group this job belongs to, its size and its completion job (set by <see cref="TaskGroup"/>).</summary>
    internal (string Id, int Size, ReadOnlyMemory<byte>? Completion)? Group { get; init; }
}
