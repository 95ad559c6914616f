namespace TypedTasks.Testing;

/// <summary>How one run of a job ended.</summary>
public enum JobOutcome
{
    /// <summary>The job ran to completion and was acked.</summary>
    Succeeded,

    /// <summary>The attempt failed and the job waits for its retry (see <see cref="JobRun.RetryAt"/>).</summary>
    Retrying,

    /// <summary>The job failed for good (no retries left, unreadable payload, unknown task) and went to the dead set.</summary>
    Dead,

    /// <summary>The job was cancelled on request while it ran.</summary>
    Cancelled,
}
