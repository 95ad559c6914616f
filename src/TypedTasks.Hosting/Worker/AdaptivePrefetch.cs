namespace TypedTasks.Hosting;

/// <summary>
/// How many leased jobs a queue lets wait for a runner when <see cref="WorkerOptions.Prefetch"/> is not set: as many
/// as its runners get through in <see cref="Budget"/> at the average time a job has held a runner, and never fewer
/// than the queue's concurrency (the depth before any job has ended, and for jobs longer than the budget) nor more
/// than <see cref="Deepest"/>.
/// </summary>
/// <remarks>
/// A job waiting in one worker cannot be taken by another that is idle, so a deep prefetch costs long jobs their
/// spread over the workers; short jobs gain from it instead: each broker call carries more of them, and the jobs
/// waiting cover the next fetch's round trip. With no-op jobs at concurrency 10, a prefetch of 30 instead of 10
/// drained 21 % more jobs per second and halved the broker calls per job (bench/README.md). Celery advises the same
/// by hand: a large prefetch for short tasks, a small one for long ones.
/// </remarks>
internal sealed class AdaptivePrefetch(int concurrency)
{
    /// <summary>The longest that the jobs waiting in this worker should take its runners to start.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(10);

    /// <summary>The deepest prefetch of a queue with many runners, in multiples of its concurrency.</summary>
    public const int MaxFactor = 4;

    /// <summary>
    /// How deep a queue with few runners may still prefetch short jobs: the worker fetches when half its slots are
    /// free, so this sets how many jobs a broker call carries. At concurrency 10 with no-op jobs, 4 times the
    /// concurrency made 25 jobs a call, and the client spent 20-23 µs of CPU and 0.36 thread-pool work items per job,
    /// mostly on the calls and the wake-ups around them; at 160, 10-15 µs and 0.11.
    /// </summary>
    public const int FewRunnersDepth = 160;

    /// <summary>
    /// The deepest prefetch of a queue with few runners, in multiples of its concurrency: jobs waiting behind one
    /// that turns out long wait for a runner of this worker, so a queue of one or two runners keeps its prefetch
    /// short even when its jobs mostly are.
    /// </summary>
    public const int FewRunnersMaxFactor = 16;

    /// <summary>
    /// The deepest prefetch for <paramref name="concurrency"/> runners: <see cref="MaxFactor"/> times it, or, when that
    /// is less, up to <see cref="FewRunnersDepth"/> jobs but at most <see cref="FewRunnersMaxFactor"/> times it.
    /// </summary>
    public static int Deepest(int concurrency) =>
        Math.Max(MaxFactor * concurrency, Math.Min(FewRunnersMaxFactor * concurrency, FewRunnersDepth));

    private long _averageTicks = -1;

    /// <summary>Counts a job's time on its runner into the moving average (weight 1/8; runners racing may drop a sample).</summary>
    public void Record(TimeSpan elapsed)
    {
        long average = Volatile.Read(ref _averageTicks);
        Volatile.Write(ref _averageTicks, average < 0 ? elapsed.Ticks : average + (elapsed.Ticks - average) / 8);
    }

    /// <summary>The prefetch for the jobs' average time so far.</summary>
    public int Depth
    {
        get
        {
            long average = Volatile.Read(ref _averageTicks);
            if (average < 0)
                return concurrency;
            double depth = concurrency * (double)Budget.Ticks / Math.Max(1, average);
            return (int)Math.Clamp(depth, concurrency, Deepest(concurrency));
        }
    }
}
