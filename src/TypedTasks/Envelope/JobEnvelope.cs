namespace TypedTasks;

/// <summary>
/// A job as brokers store it: routing data and options beside the task's raw MessagePack arguments. Workers, the CLI
/// and dashboards read it without knowing the task's CLR type; retries keep its bytes unchanged.
/// Encoded by <see cref="JobEnvelopeCodec"/> as a MessagePack map.
/// </summary>
public sealed record JobEnvelope
{
    /// <summary>The envelope format version written by this library.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The job's id.</summary>
    public required JobId Id { get; init; }

    /// <summary>The task's wire name.</summary>
    public required string Name { get; init; }

    /// <summary>The task's arguments: the MessagePack map its generated serializer wrote.</summary>
    public required ReadOnlyMemory<byte> Args { get; init; }

    /// <summary>The queue the job was enqueued to.</summary>
    public required string Queue { get; init; }

    /// <summary>When the job was enqueued.</summary>
    public required DateTimeOffset EnqueuedAt { get; init; }

    /// <summary>Retries allowed after the first attempt.</summary>
    public int MaxRetries { get; init; } = TaskOptions.DefaultMaxRetries;

    /// <summary>The time limit of one attempt; <see langword="null"/> for none.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>How long the job is kept after success; <see langword="null"/> deletes it at once.</summary>
    public TimeSpan? KeepResultFor { get; init; }

    /// <summary>The unique lock key the job holds, if any.</summary>
    public string? UniqueKey { get; init; }

    /// <summary>The W3C <c>traceparent</c> of the span that enqueued the job, if any.</summary>
    public string? TraceParent { get; init; }

    /// <summary>Retry delays chosen for this job (after the first failure, the second, ...; the last repeats).</summary>
    public IReadOnlyList<TimeSpan>? RetryDelays { get; init; }

    /// <summary>For a link of a chain: the encoded envelopes of the links after it, enqueued one by one as each succeeds.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>>? Next { get; init; }

    /// <summary>For a link of a chain: the encoded result of the link before it.</summary>
    public ReadOnlyMemory<byte>? PreviousResult { get; init; }

    /// <summary>For a member of a group: the group's id.</summary>
    public string? GroupId { get; init; }

    /// <summary>For a member of a group: how many members the group has.</summary>
    public int GroupSize { get; init; }

    /// <summary>For a member of a group: the encoded envelope of the job enqueued once every member is done.</summary>
    public ReadOnlyMemory<byte>? GroupCompletion { get; init; }

    /// <summary>The format version the envelope was written with.</summary>
    public int Version { get; init; } = CurrentVersion;
}
