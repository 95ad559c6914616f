namespace TypedTasks.Hosting;

/// <summary>A queue this worker serves: its fetched jobs waiting for one of its <see cref="QueueOptions.Concurrency"/> runners.</summary>
/// <param name="options">The queue.</param>
/// <param name="prefetch">How many leased jobs may wait for a runner, beyond the running ones; <see langword="null"/> to follow the jobs' run time (<see cref="AdaptivePrefetch"/>).</param>
internal sealed class QueueState(QueueOptions options, int? prefetch)
{
    private readonly AdaptivePrefetch? _adaptive = prefetch is null ? new AdaptivePrefetch(options.Concurrency) : null;
    private int _held;

    public QueueOptions Options { get; } = options;

    public string Name => Options.Name;

    public JobBacklog Backlog { get; } = new();

    /// <summary>How many leased jobs may wait for a runner now.</summary>
    public int Prefetch => prefetch ?? _adaptive!.Depth;

    /// <summary>Runners plus prefetch: how many jobs the queue may hold, running or waiting to run.</summary>
    public int Slots => Options.Concurrency + Prefetch;

    /// <summary>Slots not taken by jobs that are running or waiting to run.</summary>
    public int Free => Slots - Volatile.Read(ref _held);

    /// <summary>
    /// Whether the worker should fetch for this queue now: when a runner has nothing waiting for it, or when half of
    /// the queue's slots (runners and prefetch) are free. Fetching for every single freed slot while jobs still wait
    /// in the backlog made each broker call carry only a few jobs (about 7 at concurrency 10 with short jobs).
    /// </summary>
    public bool WantsJobs
    {
        get
        {
            int slots = Slots;
            int free = slots - Volatile.Read(ref _held);
            return free > 0 && (free * 2 >= slots || Backlog.Count == 0);
        }
    }

    private long _coolUntil;

    /// <summary>Whether the queue is being left alone after handing out a job this worker does not run.</summary>
    public bool IsCooling => Environment.TickCount64 < Volatile.Read(ref _coolUntil);

    /// <summary>Milliseconds until the cool-down ends (0 when not cooling).</summary>
    public long CoolingFor => Math.Max(0, Volatile.Read(ref _coolUntil) - Environment.TickCount64);

    public void CoolDown(TimeSpan duration) => Volatile.Write(ref _coolUntil, Environment.TickCount64 + (long)duration.TotalMilliseconds);

    /// <summary>Counts how long a job held its runner, which sizes an adaptive prefetch.</summary>
    public void RecordRunTime(TimeSpan elapsed) => _adaptive?.Record(elapsed);

    public void Take() => Interlocked.Increment(ref _held);

    public void Release() => Interlocked.Decrement(ref _held);
}
