namespace TypedTasks.Brokers;

/// <summary>The sets a queue keeps its jobs in, as <see cref="QueueStats"/> counts them.</summary>
public enum JobSet
{
    /// <summary>Due jobs waiting for a worker.</summary>
    Pending = 0,

    /// <summary>Jobs leased by workers.</summary>
    Active = 1,

    /// <summary>Jobs waiting for their due time.</summary>
    Scheduled = 2,

    /// <summary>Failed jobs waiting for their retry.</summary>
    Retry = 3,

    /// <summary>Jobs that failed for good.</summary>
    Dead = 4,

    /// <summary>Succeeded jobs that keep their result, and cancelled jobs, until they expire.</summary>
    Kept = 5,
}
