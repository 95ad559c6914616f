namespace TypedTasks.Brokers;

/// <summary>A worker as its last heartbeat described it.</summary>
public sealed record WorkerStatus
{
    /// <summary>The worker's id (the one its fetched jobs show).</summary>
    public required string Id { get; init; }

    /// <summary>The machine it runs on.</summary>
    public required string Host { get; init; }

    /// <summary>Its process id.</summary>
    public int ProcessId { get; init; }

    /// <summary>The queues it serves, in its order, each with its concurrency.</summary>
    public IReadOnlyList<WorkerQueue> Queues { get; init; } = [];

    /// <summary>When it started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When it sent this heartbeat (its own clock).</summary>
    public DateTimeOffset BeatAt { get; init; }

    /// <summary>The jobs it was running at that heartbeat.</summary>
    public IReadOnlyList<RunningJobStatus> Running { get; init; } = [];
}

/// <summary>A queue a worker serves.</summary>
/// <param name="Name">The queue.</param>
/// <param name="Concurrency">How many of its jobs the worker runs at once.</param>
public sealed record WorkerQueue(string Name, int Concurrency);

/// <summary>A job a worker was running at its heartbeat.</summary>
/// <param name="Id">The job.</param>
/// <param name="Queue">Its queue.</param>
/// <param name="TaskName">Its task's wire name.</param>
/// <param name="StartedAt">When the worker started it.</param>
public sealed record RunningJobStatus(JobId Id, string Queue, string TaskName, DateTimeOffset StartedAt);
