namespace TypedTasks.Brokers;

/// <summary>A successful attempt, to complete with <see cref="IBroker.AckAndFetchAsync"/>.</summary>
public sealed record JobAck
{
    /// <summary>The lease the job was fetched under.</summary>
    public required JobLease Lease { get; init; }

    /// <summary>The job's MessagePack-encoded result, if the task returned or saved one.</summary>
    public ReadOnlyMemory<byte>? Result { get; init; }

    /// <summary>
    /// How long the succeeded job (state and result) stays visible to lookups; <see langword="null"/> or zero deletes
    /// it at once, leaving no trace in the broker.
    /// </summary>
    public TimeSpan? KeepFor { get; init; }
}

/// <summary>How a failed attempt ends.</summary>
public enum FailureDisposition
{
    /// <summary>The job is retried after <see cref="JobFailure.RetryDelay"/>.</summary>
    Retry = 0,

    /// <summary>The job goes to the dead set (no retries left, unknown task, unreadable payload).</summary>
    Dead = 1,

    /// <summary>The job was cancelled on request; it ends in <see cref="JobState.Cancelled"/>.</summary>
    Cancelled = 2,
}

/// <summary>A failed attempt, reported with <see cref="IBroker.FailAsync"/>.</summary>
public sealed record JobFailure
{
    /// <summary>The lease the job was fetched under.</summary>
    public required JobLease Lease { get; init; }

    /// <summary>Why the attempt failed (exception type and message); shown in lookups and the dead set.</summary>
    public required string Error { get; init; }

    /// <summary>What happens to the job.</summary>
    public FailureDisposition Disposition { get; init; }

    /// <summary>With <see cref="FailureDisposition.Retry"/>: the delay before the job is due again, on the broker's clock.</summary>
    public TimeSpan RetryDelay { get; init; }
}
