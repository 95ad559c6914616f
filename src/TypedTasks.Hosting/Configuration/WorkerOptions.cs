using TypedTasks.Brokers;

namespace TypedTasks.Hosting;

/// <summary>
/// How one worker runs: the queues it serves and their concurrency, the order it fetches them in, the tasks it
/// accepts, and its timings. Configure it in <c>AddWorker(w =&gt; ...)</c>.
/// </summary>
public sealed class WorkerOptions
{
    private readonly List<QueueOptions> _queues = [];
    private readonly List<CronSchedule> _schedules = [];
    private readonly HashSet<string> _taskNames = new(StringComparer.Ordinal);

    /// <summary>The queues served, in priority order.</summary>
    public IReadOnlyList<QueueOptions> Queues => _queues;

    /// <summary>
    /// <see langword="true"/> to always fetch from the first queue with work (Sidekiq's strict order);
    /// <see langword="false"/> (the default) to pick the order at random in proportion to the queues' weights.
    /// </summary>
    public bool StrictOrder { get; set; }

    /// <summary>This worker's id in the broker (shown on the jobs it holds); a unique id is made when empty.</summary>
    public string? WorkerId { get; set; }

    /// <summary>How long a fetched job is leased before another worker may take it back.</summary>
    public TimeSpan LeaseDuration { get; set; } = FetchRequest.DefaultLease;

    /// <summary>How often leases are renewed and remote cancellations picked up.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often expired leases (jobs of crashed workers) are put back in their queues.</summary>
    public TimeSpan RecoverInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many leased jobs per queue may wait for a free runner (Celery's prefetch); <see langword="null"/> (the
    /// default) to follow the queue's jobs: as many as its runners start within 10 ms at their average run time, from
    /// the queue's concurrency (before any job has ended, and for jobs of 10 ms or more) up to 4 times it, or, for a
    /// queue of fewer than 40 runners, up to 160 jobs but at most 16 times its concurrency. Fetching ahead lets one
    /// broker call carry more jobs: the worker fetches for a queue once half of its slots (runners plus prefetch) are
    /// free or a runner has nothing waiting. Waiting jobs keep their leases renewed and go back to the queue when the
    /// worker stops. 0 fetches only for free runners.
    /// </summary>
    public int? Prefetch { get; set; }

    /// <summary>The longest an idle worker waits for a wake-up before it polls again.</summary>
    public TimeSpan IdleWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long running jobs may finish after the host starts stopping before they are cancelled and put back;
    /// <see langword="null"/> takes three quarters of the host's <c>ShutdownTimeout</c>.
    /// </summary>
    public TimeSpan? ShutdownGrace { get; set; }

    /// <summary>The retry delay for tasks that declare none; <see langword="null"/> for <see cref="RetryBackoff.Default"/>.</summary>
    public Func<int, TimeSpan>? Backoff { get; set; }

    /// <summary>
    /// Serves <paramref name="name"/> with <paramref name="concurrency"/> jobs at once; <paramref name="retention"/>
    /// applies to its jobs whose task declares none.
    /// </summary>
    /// <returns>These options, for chaining.</returns>
    public WorkerOptions Queue(string name, int concurrency = 10, int weight = 1, Retention retention = Retention.RemoveFinished)
    {
        QueueName.Validate(name, nameof(name));
        if (concurrency < 1)
            throw new ArgumentOutOfRangeException(nameof(concurrency), concurrency, $"Queue '{name}' needs a concurrency of 1 or more.");
        if (weight < 1)
            throw new ArgumentOutOfRangeException(nameof(weight), weight, $"Queue '{name}' needs a weight of 1 or more.");
        _queues.RemoveAll(q => q.Name == name);
        _queues.Add(new QueueOptions(name, concurrency, weight, retention));
        return this;
    }

    /// <summary>
    /// Enqueues <paramref name="task"/> on the cron schedule <paramref name="cron"/> (5 fields, or 6 with seconds)
    /// in <paramref name="timeZone"/> (UTC by default). Every worker may declare the same schedule: each fire time
    /// becomes exactly one job.
    /// </summary>
    /// <remarks>Cronos parses the expression and computes its fire times; the README lists what it accepts.</remarks>
    /// <exception cref="FormatException">The expression is malformed; the message says what is wrong.</exception>
    /// <returns>These options, for chaining.</returns>
    public WorkerOptions Schedule<TTask>(TTask task, string cron, TimeZoneInfo? timeZone = null,
        MissedFirePolicy missed = MissedFirePolicy.Skip, string? queue = null)
        where TTask : IGeneratedTask<TTask>
    {
        ArgumentNullException.ThrowIfNull(task);
        _schedules.Add(CronSchedule.Create(task, CronTimes.Parse(cron), timeZone ?? TimeZoneInfo.Utc, missed, queue));
        return this;
    }

    internal IReadOnlyList<CronSchedule> Schedules => _schedules;

    /// <summary>The task names this worker runs; empty for all.</summary>
    public IReadOnlyCollection<string> TaskNames => _taskNames;

    /// <summary>How long a queue is left alone after it handed this worker a job of a task it does not run.</summary>
    public TimeSpan ForeignTaskCooldown { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Makes this a single-purpose worker (Backie's task types): it runs only jobs of these task names. A job of
    /// another task fetched from its queues is put back at once, without counting an attempt, for a worker that runs
    /// it, and this worker leaves that queue alone for <see cref="ForeignTaskCooldown"/>.
    /// </summary>
    /// <returns>These options, for chaining.</returns>
    public WorkerOptions OnlyTasks(params string[] taskNames)
    {
        ArgumentNullException.ThrowIfNull(taskNames);
        foreach (var name in taskNames)
            _taskNames.Add(name ?? throw new ArgumentException("A task name is null.", nameof(taskNames)));
        return this;
    }

    /// <summary>Runs only <typeparamref name="TTask"/> jobs, serving its queue with <paramref name="concurrency"/>.</summary>
    /// <returns>These options, for chaining.</returns>
    public WorkerOptions OnlyTask<TTask>(int concurrency = 10) where TTask : IGeneratedTask<TTask>
    {
        if (!_queues.Any(q => q.Name == TTask.Options.Queue))
            Queue(TTask.Options.Queue, concurrency);
        return OnlyTasks(TTask.Name);
    }

    /// <summary>Checks the options and says what is wrong and how to fix it.</summary>
    /// <exception cref="InvalidOperationException">The options cannot work.</exception>
    public void Validate()
    {
        if (_queues.Count == 0)
            throw new InvalidOperationException("A TypedTasks worker serves no queue: call w.Queue(\"default\", concurrency: 10) in AddWorker, or set TypedTasks:Queues in configuration.");
        if (LeaseDuration < TimeSpan.FromSeconds(1))
            throw new InvalidOperationException($"WorkerOptions.LeaseDuration is {LeaseDuration}; it must be at least 1 second.");
        if (HeartbeatInterval <= TimeSpan.Zero || HeartbeatInterval * 2 > LeaseDuration)
            throw new InvalidOperationException($"WorkerOptions.HeartbeatInterval ({HeartbeatInterval}) must be positive and at most half of LeaseDuration ({LeaseDuration}), or leases expire between renewals.");
        if (RecoverInterval <= TimeSpan.Zero || IdleWait <= TimeSpan.Zero)
            throw new InvalidOperationException("WorkerOptions.RecoverInterval and IdleWait must be positive.");
        if (Prefetch < 0)
            throw new InvalidOperationException("WorkerOptions.Prefetch must be 0 or more.");
        if (ShutdownGrace < TimeSpan.Zero)
            throw new InvalidOperationException("WorkerOptions.ShutdownGrace must not be negative.");
    }
}
