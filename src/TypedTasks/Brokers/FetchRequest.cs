namespace TypedTasks.Brokers;

/// <summary>What a worker asks for when it fetches.</summary>
public sealed record FetchRequest
{
    /// <summary>The default lease: a crashed worker's jobs are back within about this long plus the recover interval.</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(15);

    /// <summary>The queues to fetch from, in order: an earlier queue is drained before a later one is looked at.</summary>
    public required IReadOnlyList<string> Queues { get; init; }

    /// <summary>The most jobs to lease (the worker's free slots), at least 1.</summary>
    public required int Count { get; init; }

    /// <summary>The lease each fetched job gets; the worker renews it with <see cref="IBroker.ExtendLeasesAsync"/>.</summary>
    public TimeSpan Lease { get; init; } = DefaultLease;

    /// <summary>The fetching worker's id, shown in job lookups.</summary>
    public string WorkerId { get; init; } = "";

    /// <summary>Checks the request; every broker calls it before fetching.</summary>
    /// <exception cref="ArgumentException">No queue, an invalid queue name, a count below 1 or a lease that is not positive.</exception>
    public void Validate()
    {
        if (Queues is null || Queues.Count == 0)
            throw new ArgumentException("A fetch needs at least one queue.", nameof(Queues));
        foreach (var queue in Queues)
            QueueName.Validate(queue, nameof(Queues));
        if (Count < 1)
            throw new ArgumentOutOfRangeException(nameof(Count), Count, "A fetch asks for at least 1 job.");
        if (Lease <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Lease), Lease, "A fetch's lease must be positive.");
    }
}

/// <summary>Jobs handed to a worker.</summary>
public sealed record FetchResult
{
    /// <summary>Nothing due.</summary>
    public static FetchResult Empty { get; } = new() { Jobs = [] };

    /// <summary>The leased jobs, oldest first within a queue.</summary>
    public required IReadOnlyList<LeasedJob> Jobs { get; init; }

    /// <summary>
    /// When <see cref="Jobs"/> is empty: the earliest due time of a scheduled or retry job in the requested queues,
    /// so an idle worker can bound its wait; <see langword="null"/> when none is waiting.
    /// </summary>
    public DateTimeOffset? NextDueAt { get; init; }
}

/// <summary>The outcome of <see cref="IBroker.AckAndFetchAsync"/>.</summary>
public sealed record AckAndFetchResult
{
    /// <summary>The acks the broker refused because the lease was lost; another worker may run those jobs again.</summary>
    public required IReadOnlyList<JobId> Refused { get; init; }

    /// <summary>The jobs fetched after the acks; <see cref="FetchResult.Empty"/> when no fetch was asked for.</summary>
    public required FetchResult Next { get; init; }
}
