namespace TypedTasks.Brokers;

/// <summary>A job to store: its encoded envelope and the routing data a broker needs without decoding it.</summary>
public sealed record EnqueueRequest
{
    /// <summary>The job's id (the envelope's id).</summary>
    public required JobId Id { get; init; }

    /// <summary>The queue (the envelope's queue); see <see cref="QueueName.Validate"/>.</summary>
    public required string Queue { get; init; }

    /// <summary>The task's wire name, kept beside the envelope for lookups and dashboards.</summary>
    public required string TaskName { get; init; }

    /// <summary>The <see cref="JobEnvelope"/> encoded by <see cref="JobEnvelopeCodec"/>; stored unchanged for the job's life.</summary>
    public required ReadOnlyMemory<byte> Envelope { get; init; }

    /// <summary>When the job becomes due; <see langword="null"/> (or a time not after the broker's now) makes it pending at once.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>The unique lock to take; <see langword="null"/> for a plain job.</summary>
    public UniqueLock? Unique { get; init; }
}

/// <summary>
/// A unique job's lock: while it is held by a job, enqueueing another job under the same key in the same queue returns
/// the holder's id. The lock is released when the job starts or ends (<see cref="Mode"/>), is deleted, or when
/// <see cref="Ttl"/> passes, whichever is first; release only happens while the lock still holds this job's id.
/// </summary>
/// <param name="Key">The key (a task name plus payload hash, or a user key).</param>
/// <param name="Ttl">The lock's lifetime.</param>
/// <param name="Mode">When the lock is released.</param>
public sealed record UniqueLock(string Key, TimeSpan Ttl, UniqueMode Mode = UniqueMode.UntilDone);
