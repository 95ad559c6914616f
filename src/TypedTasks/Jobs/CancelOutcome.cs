using TypedTasks.Brokers;

namespace TypedTasks;

/// <summary>The outcome of <see cref="ITaskClient.CancelAsync"/> (and <see cref="IBroker.RequestCancelAsync"/>).</summary>
public enum CancelOutcome
{
    /// <summary>No such job.</summary>
    NotFound = 0,

    /// <summary>The job was waiting and is now cancelled; it will not run.</summary>
    Cancelled = 1,

    /// <summary>The job is running; its worker will cancel it at its next lease renewal.</summary>
    Requested = 2,

    /// <summary>The job had already ended (succeeded, dead or cancelled).</summary>
    AlreadyEnded = 3,
}
