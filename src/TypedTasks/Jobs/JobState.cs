namespace TypedTasks;

/// <summary>Where a job is in its life.</summary>
public enum JobState
{
    /// <summary>Waiting for its due time.</summary>
    Scheduled = 0,

    /// <summary>Due, waiting for a worker.</summary>
    Pending = 1,

    /// <summary>Leased by a worker and running.</summary>
    Active = 2,

    /// <summary>Failed, waiting for its retry time.</summary>
    Retry = 3,

    /// <summary>Succeeded; visible only while its result is kept.</summary>
    Succeeded = 4,

    /// <summary>Failed for good; kept in the dead set until trimmed.</summary>
    Dead = 5,

    /// <summary>Cancelled on request.</summary>
    Cancelled = 6,
}
