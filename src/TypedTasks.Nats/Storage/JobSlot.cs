using TypedTasks.Brokers;

namespace TypedTasks.Nats;

/// <summary>
/// A job's place in one of a queue's ordered sets: <see cref="Primary"/> is the front flag (pending), the due time
/// (scheduled, retry), the time of death (dead) or the expiry (kept); ties go by the entry's revision, which JetStream
/// hands out in the order it stored the writes.
/// </summary>
internal readonly record struct JobSlot(long Primary, ulong Revision, JobId Id)
{
    public static JobSlot For(JobRecord record, ulong revision) => new(record.State switch
    {
        JobState.Pending => record.Front ? 0 : 1,
        JobState.Scheduled or JobState.Retry => record.DueAt ?? 0,
        JobState.Dead => record.EndedAt ?? 0,
        JobState.Active => record.LeaseDeadline,
        _ => record.ExpiresAt ?? long.MaxValue,
    }, revision, record.Id);
}

/// <summary>Orders <see cref="JobSlot"/>s by primary key, then revision.</summary>
internal sealed class JobSlotComparer : IComparer<JobSlot>
{
    public static readonly JobSlotComparer Instance = new();

    public int Compare(JobSlot x, JobSlot y)
    {
        int c = x.Primary.CompareTo(y.Primary);
        if (c != 0) return c;
        c = x.Revision.CompareTo(y.Revision);
        return c != 0 ? c : string.CompareOrdinal(x.Id.Value, y.Id.Value);
    }
}

/// <summary>One queue's jobs in this process's replica of the jobs bucket, by set.</summary>
internal sealed class QueueIndex(string name)
{
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name { get; } = name;
    public SortedSet<JobSlot> Pending { get; } = new(JobSlotComparer.Instance);
    public SortedSet<JobSlot> Active { get; } = new(JobSlotComparer.Instance);
    public SortedSet<JobSlot> Scheduled { get; } = new(JobSlotComparer.Instance);
    public SortedSet<JobSlot> Retry { get; } = new(JobSlotComparer.Instance);
    public SortedSet<JobSlot> Dead { get; } = new(JobSlotComparer.Instance);
    public SortedSet<JobSlot> Kept { get; } = new(JobSlotComparer.Instance);

    public bool Paused { get; set; }

    /// <summary>When the queue last received a job (Unix ms), from its meta entry or the jobs this process saw.</summary>
    public long LastJobAt { get; set; }

    /// <summary>When the queue's meta entry says it last received a job; enqueues refresh the entry when it grows old.</summary>
    public long RecordedJobAt { get; set; }

    /// <summary>Whether the queue has a meta entry (it received a job or was paused).</summary>
    public bool Known { get; set; }

    public int JobCount => Pending.Count + Active.Count + Scheduled.Count + Retry.Count + Dead.Count + Kept.Count;

    public Task SignalTask => _signal.Task;

    /// <summary>Wakes every wait on this queue.</summary>
    public void Signal() => Interlocked.Exchange(ref _signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public SortedSet<JobSlot>? SetOf(JobState state) => state switch
    {
        JobState.Pending => Pending,
        JobState.Active => Active,
        JobState.Scheduled => Scheduled,
        JobState.Retry => Retry,
        JobState.Dead => Dead,
        _ => Kept,
    };

    public SortedSet<JobSlot> SetOf(JobSet set) => set switch
    {
        JobSet.Pending => Pending,
        JobSet.Active => Active,
        JobSet.Scheduled => Scheduled,
        JobSet.Retry => Retry,
        JobSet.Dead => Dead,
        _ => Kept,
    };
}
