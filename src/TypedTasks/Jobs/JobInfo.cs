namespace TypedTasks;

/// <summary>A snapshot of a job as the broker holds it.</summary>
public sealed record JobInfo
{
    /// <summary>The job's id.</summary>
    public required JobId Id { get; init; }

    /// <summary>The job's queue.</summary>
    public required string Queue { get; init; }

    /// <summary>The task's wire name.</summary>
    public required string TaskName { get; init; }

    /// <summary>The job's state.</summary>
    public required JobState State { get; init; }

    /// <summary>The encoded <see cref="JobEnvelope"/>.</summary>
    public required ReadOnlyMemory<byte> Envelope { get; init; }

    /// <summary>Failed attempts so far; the job's next (or current) attempt is number <c>Failures + 1</c>.</summary>
    public int Failures { get; init; }

    /// <summary>Times the job's lease expired while it ran (its worker died or hung).</summary>
    public int Stalls { get; init; }

    /// <summary>The last failure's message, if any.</summary>
    public string? LastError { get; init; }

    /// <summary>When the job was enqueued.</summary>
    public DateTimeOffset EnqueuedAt { get; init; }

    /// <summary>When a scheduled or retry job is due.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>When the latest attempt started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the job succeeded, died or was cancelled.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The worker that holds or last held the job.</summary>
    public string? WorkerId { get; init; }

    /// <summary>The last reported progress (0–100).</summary>
    public double? Progress { get; init; }

    /// <summary>The MessagePack-encoded result of a succeeded job that kept one.</summary>
    public ReadOnlyMemory<byte>? Result { get; init; }

    /// <summary>Whether cancellation of the running job was requested.</summary>
    public bool CancelRequested { get; init; }
}
