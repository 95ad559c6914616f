namespace TypedTasks.Hosting;

/// <summary>What a schedule does about fire times that passed while no worker ran it.</summary>
public enum MissedFirePolicy
{
    /// <summary>Missed fire times are dropped; the schedule resumes at its next fire time.</summary>
    Skip,

    /// <summary>The most recent missed fire time of the last 24 hours runs once, as soon as a worker starts.</summary>
    RunOnce,
}
