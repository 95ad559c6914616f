namespace TypedTasks.Brokers;

/// <summary>A fetched job: its envelope and the lease under which the worker runs it.</summary>
public sealed record LeasedJob
{
    /// <summary>The lease to present when completing, failing, renewing or requeueing the job.</summary>
    public required JobLease Lease { get; init; }

    /// <summary>The attempt starting now: 1 for the first run, 2 for the first retry (stalls and requeues do not count).</summary>
    public required int Attempt { get; init; }

    /// <summary>
    /// How many times the job's lease expired while it ran (its worker crashed, froze or was cut off). The job may be
    /// what crashed its worker, so workers run such a job with no other job beside it.
    /// </summary>
    public int Stalls { get; init; }

    /// <summary>The encoded <see cref="JobEnvelope"/>, as enqueued.</summary>
    public required ReadOnlyMemory<byte> Envelope { get; init; }

    /// <summary>The job's id.</summary>
    public JobId Id => Lease.Id;

    /// <summary>The queue the job was fetched from.</summary>
    public string Queue => Lease.Queue;
}

/// <summary>
/// Proof that a worker holds a job: the fencing token changes on every fetch, so a worker whose lease expired and
/// whose job was handed out again can no longer complete, fail, renew or requeue it.
/// </summary>
/// <param name="Queue">The job's queue.</param>
/// <param name="Id">The job's id.</param>
/// <param name="Token">The fencing token of this fetch.</param>
public readonly record struct JobLease(string Queue, JobId Id, long Token);

/// <summary>The outcome of <see cref="IBroker.ExtendLeasesAsync"/>.</summary>
public sealed record LeaseRenewal
{
    /// <summary>No lease lost, no cancellation requested.</summary>
    public static LeaseRenewal None { get; } = new() { Lost = [], CancelRequested = [] };

    /// <summary>Jobs whose lease was lost (expired and recovered, or deleted): stop them, do not complete them.</summary>
    public required IReadOnlyList<JobId> Lost { get; init; }

    /// <summary>Renewed jobs whose cancellation was requested: cancel them and report them as cancelled.</summary>
    public required IReadOnlyList<JobId> CancelRequested { get; init; }
}
