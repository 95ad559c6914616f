namespace TypedTasks.Brokers;

/// <summary>
/// What operators need beside <see cref="IBroker"/> to see and repair a broker: jobs listed per set and paged, bulk
/// retry and delete, a job run before its time, throughput per minute, the workers with their heartbeats and running
/// jobs, and the cron schedules of every host. The dashboard and the command-line tool work through it alone (with
/// <see cref="IBroker"/> for what it already has: a job by id, queue counts, pause, resume, cancel, delete, retry of a
/// dead job), so a broker that implements both is fully visible in them.
/// </summary>
/// <remarks>
/// A separate interface, so a broker can ship before it implements it: hosts publish heartbeats and cron records only
/// to a broker that does (<see cref="BrokerAdmin.Of"/> says which), and the dashboard says when it does not. Times
/// given as durations (<c>ttl</c>) are measured on the broker's clock.
/// </remarks>
public interface IBrokerAdmin
{
    /// <summary>
    /// Lists the jobs of one set of a queue: pending oldest first (the next fetched first), active by lease deadline,
    /// scheduled and retry by due time, dead most recent death first, kept (succeeded or cancelled) latest expiry first.
    /// The counts of <see cref="IBroker.GetQueueStatsAsync"/> give the number of pages.
    /// </summary>
    /// <exception cref="ArgumentException">An invalid queue name, a negative offset or count.</exception>
    ValueTask<IReadOnlyList<JobInfo>> ListJobsAsync(string queue, JobSet set, int offset, int count,
        CancellationToken cancellationToken = default);

    /// <summary>Makes a scheduled or retrying job due now: it joins the back of pending with its attempts unchanged.</summary>
    /// <returns><see langword="false"/> when the job is not scheduled or retrying.</returns>
    ValueTask<bool> RunNowAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves every job of <paramref name="set"/> to pending: dead jobs as <see cref="IBroker.RetryDeadAsync"/> does
    /// (attempts reset), scheduled and retry jobs as <see cref="RunNowAsync"/> does. A networked broker works in
    /// batches, each atomic; jobs that arrive meanwhile may be moved too.
    /// </summary>
    /// <returns>How many jobs moved.</returns>
    /// <exception cref="ArgumentException"><paramref name="set"/> is not <see cref="JobSet.Dead"/>, <see cref="JobSet.Retry"/> or <see cref="JobSet.Scheduled"/>.</exception>
    ValueTask<long> RetryAllAsync(string queue, JobSet set, CancellationToken cancellationToken = default);

    /// <summary>Deletes every job of <paramref name="set"/> as <see cref="IBroker.DeleteJobAsync"/> does, in atomic batches.</summary>
    /// <returns>How many jobs were deleted.</returns>
    /// <exception cref="ArgumentException"><paramref name="set"/> is <see cref="JobSet.Active"/>: cancel running jobs instead.</exception>
    ValueTask<long> DeleteAllAsync(string queue, JobSet set, CancellationToken cancellationToken = default);

    /// <summary>
    /// Succeeded and failed attempts of a queue per minute of the broker's clock, for the last <paramref name="minutes"/>
    /// minutes (at most <see cref="ThroughputMinute.MaxHistory"/>), oldest first, the current minute last; minutes with
    /// no attempt are there with zeros.
    /// </summary>
    ValueTask<IReadOnlyList<ThroughputMinute>> GetThroughputAsync(string queue, int minutes,
        CancellationToken cancellationToken = default);

    /// <summary>Records a worker's heartbeat: it stays listed for <paramref name="ttl"/> unless recorded again.</summary>
    ValueTask RecordWorkerAsync(WorkerStatus worker, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Takes a stopped worker off the list at once.</summary>
    ValueTask RemoveWorkerAsync(string workerId, CancellationToken cancellationToken = default);

    /// <summary>The workers whose last heartbeat has not lapsed, by id.</summary>
    ValueTask<IReadOnlyList<WorkerStatus>> GetWorkersAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Records cron schedules a host runs (hosts with the same schedule record the same <see cref="CronScheduleStatus.Id"/>):
    /// each stays listed for <paramref name="ttl"/> unless recorded again. The last fire is not taken from these records
    /// but from <see cref="RecordCronFireAsync"/>.
    /// </summary>
    ValueTask RecordCronSchedulesAsync(IReadOnlyList<CronScheduleStatus> schedules, TimeSpan ttl,
        CancellationToken cancellationToken = default);

    /// <summary>Records that a schedule enqueued its fire at <paramref name="fireTime"/> as job <paramref name="jobId"/>; an earlier fire never replaces a later one.</summary>
    ValueTask RecordCronFireAsync(string scheduleId, DateTimeOffset fireTime, JobId jobId, TimeSpan ttl,
        CancellationToken cancellationToken = default);

    /// <summary>The cron schedules recorded and not lapsed, by task name then id, each with its last recorded fire.</summary>
    ValueTask<IReadOnlyList<CronScheduleStatus>> GetCronSchedulesAsync(CancellationToken cancellationToken = default);
}
