namespace TypedTasks;

/// <summary>When the lock of a unique job is released.</summary>
public enum UniqueMode
{
    /// <summary>Released when the job succeeds or is dead: no duplicate is queued or runs meanwhile.</summary>
    UntilDone = 0,

    /// <summary>Released when the job starts: a duplicate may be queued while the job runs.</summary>
    UntilStarted = 1,
}
