namespace TypedTasks;

/// <summary>Counts of one queue's jobs.</summary>
public sealed record QueueStats
{
    /// <summary>The queue.</summary>
    public required string Queue { get; init; }

    /// <summary>Due jobs waiting for a worker.</summary>
    public long Pending { get; init; }

    /// <summary>Jobs leased by workers.</summary>
    public long Active { get; init; }

    /// <summary>Jobs waiting for their due time.</summary>
    public long Scheduled { get; init; }

    /// <summary>Failed jobs waiting for their retry.</summary>
    public long Retry { get; init; }

    /// <summary>Jobs in the dead set.</summary>
    public long Dead { get; init; }

    /// <summary>Succeeded or cancelled jobs still kept for lookups.</summary>
    public long Kept { get; init; }

    /// <summary>Successful attempts since the queue was created.</summary>
    public long Succeeded { get; init; }

    /// <summary>Failed attempts (retried, dead or cancelled) since the queue was created.</summary>
    public long Failed { get; init; }

    /// <summary>Whether workers are kept from fetching.</summary>
    public bool Paused { get; init; }
}
