namespace TypedTasks.Brokers;

/// <summary>One job held by <see cref="InMemoryBroker"/>; mutated only under the broker's lock.</summary>
internal sealed class InMemoryJob
{
    public required JobId Id { get; init; }
    public required InMemoryQueue Queue { get; init; }
    public required string TaskName { get; init; }
    public required byte[] Envelope { get; init; }
    public required DateTimeOffset EnqueuedAt { get; init; }
    public UniqueLock? Unique { get; init; }

    public JobState State { get; set; }
    public int Failures { get; set; }
    public int Stalls { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? WorkerId { get; set; }
    public double? Progress { get; set; }
    public byte[]? Result { get; set; }
    public bool CancelRequested { get; set; }
    public long Token { get; set; }
    public DateTimeOffset LeaseDeadline { get; set; }

    /// <summary>The job's node while it is pending, for O(1) removal on cancel or delete.</summary>
    public LinkedListNode<InMemoryJob>? PendingNode { get; set; }

    /// <summary>The key of the time-ordered set the job is in (due time, death time or expiry), fixed while it is there.</summary>
    public long SortTicks { get; set; }

    /// <summary>Breaks ties in time-ordered sets: enqueue order.</summary>
    public long Sequence { get; set; }

    public JobInfo ToInfo() => new()
    {
        Id = Id,
        Queue = Queue.Name,
        TaskName = TaskName,
        State = State,
        Envelope = Envelope,
        Failures = Failures,
        Stalls = Stalls,
        LastError = LastError,
        EnqueuedAt = EnqueuedAt,
        DueAt = State is JobState.Scheduled or JobState.Retry ? DueAt : null,
        StartedAt = StartedAt,
        EndedAt = EndedAt,
        WorkerId = WorkerId,
        Progress = Progress,
        Result = Result is { } result ? result : default(ReadOnlyMemory<byte>?),   // a bare null would convert to an empty array
        CancelRequested = CancelRequested,
    };
}

/// <summary>Orders jobs by <see cref="InMemoryJob.SortTicks"/>, then by <see cref="InMemoryJob.Sequence"/>.</summary>
internal sealed class JobTimeComparer : IComparer<InMemoryJob>
{
    public static readonly JobTimeComparer Instance = new();

    public int Compare(InMemoryJob? x, InMemoryJob? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int byTime = x.SortTicks.CompareTo(y.SortTicks);
        return byTime != 0 ? byTime : x.Sequence.CompareTo(y.Sequence);
    }
}
