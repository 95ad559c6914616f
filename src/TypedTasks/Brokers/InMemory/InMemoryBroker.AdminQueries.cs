namespace TypedTasks.Brokers;

public sealed partial class InMemoryBroker
{
    private readonly Dictionary<string, (WorkerStatus Status, DateTimeOffset ExpiresAt)> _workers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (CronScheduleStatus Status, DateTimeOffset ExpiresAt)> _cron = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset FireTime, JobId JobId, DateTimeOffset ExpiresAt)> _cronFires = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<JobInfo>> ListJobsAsync(string queue, JobSet set, int offset, int count,
        CancellationToken cancellationToken = default)
    {
        BrokerAdmin.ValidateListing(queue, set, offset, count);
        lock (_gate)
        {
            if (!_queues.TryGetValue(queue, out var q))
                return new([]);
            PurgeExpired(q, _time.GetUtcNow());
            IEnumerable<InMemoryJob> jobs = set switch
            {
                JobSet.Pending => q.Pending,
                JobSet.Active => q.Active.OrderBy(j => j.LeaseDeadline).ThenBy(j => j.Sequence),
                JobSet.Scheduled => q.Scheduled,
                JobSet.Retry => q.Retry,
                JobSet.Dead => q.Dead.Reverse(),
                _ => q.Kept.Reverse(),
            };
            return new(jobs.Skip(offset).Take(count).Select(j => j.ToInfo()).ToList());
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RunNowAsync(JobId id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!TryGetLive(id, out var job) || job.State is not (JobState.Scheduled or JobState.Retry))
                return new(false);
            Detach(job);
            MakePending(job, atHead: false);
            return new(true);
        }
    }

    /// <inheritdoc />
    public async ValueTask<long> RetryAllAsync(string queue, JobSet set, CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        BrokerAdmin.ValidateRetrySet(set);
        long moved = 0;
        foreach (var id in IdsOf(queue, set))
            moved += (set == JobSet.Dead ? await RetryDeadAsync(id, cancellationToken).ConfigureAwait(false) : await RunNowAsync(id, cancellationToken).ConfigureAwait(false)) ? 1 : 0;
        return moved;
    }

    /// <inheritdoc />
    public async ValueTask<long> DeleteAllAsync(string queue, JobSet set, CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        BrokerAdmin.ValidateDeleteSet(set);
        long deleted = 0;
        foreach (var id in IdsOf(queue, set))
            deleted += await DeleteJobAsync(id, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        return deleted;
    }

    private List<JobId> IdsOf(string queue, JobSet set)
    {
        lock (_gate)
        {
            if (!_queues.TryGetValue(queue, out var q))
                return [];
            ICollection<InMemoryJob> jobs = set switch
            {
                JobSet.Pending => q.Pending,
                JobSet.Scheduled => q.Scheduled,
                JobSet.Retry => q.Retry,
                JobSet.Dead => q.Dead,
                _ => q.Kept,
            };
            return jobs.Select(j => j.Id).ToList();
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ThroughputMinute>> GetThroughputAsync(string queue, int minutes,
        CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        ThroughputMinute.ValidateMinutes(minutes);
        lock (_gate)
        {
            long current = ThroughputMinute.MinuteOf(_time.GetUtcNow());
            _queues.TryGetValue(queue, out var q);
            var history = new ThroughputMinute[minutes];
            for (int i = 0; i < minutes; i++)
            {
                long minute = current - minutes + 1 + i;
                var counts = q is not null && q.Throughput.TryGetValue(minute, out var c) ? c : (0, 0);
                history[i] = new ThroughputMinute(DateTimeOffset.FromUnixTimeMilliseconds(minute * 60_000), counts.Item1, counts.Item2);
            }
            return new(history);
        }
    }

    /// <inheritdoc />
    public ValueTask RecordWorkerAsync(WorkerStatus worker, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentException.ThrowIfNullOrEmpty(worker.Id);
        lock (_gate)
            _workers[worker.Id] = (worker, _time.GetUtcNow() + ttl);
        return default;
    }

    /// <inheritdoc />
    public ValueTask RemoveWorkerAsync(string workerId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            _workers.Remove(workerId);
        return default;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<WorkerStatus>> GetWorkersAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return new(Live(_workers, w => w.ExpiresAt).Select(w => w.Value.Status).OrderBy(w => w.Id, StringComparer.Ordinal).ToList());
    }

    /// <inheritdoc />
    public ValueTask RecordCronSchedulesAsync(IReadOnlyList<CronScheduleStatus> schedules, TimeSpan ttl,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        lock (_gate)
        {
            var expires = _time.GetUtcNow() + ttl;
            foreach (var schedule in schedules)
                _cron[schedule.Id] = (schedule with { LastFireAt = null, LastJobId = null }, expires);
        }
        return default;
    }

    /// <inheritdoc />
    public ValueTask RecordCronFireAsync(string scheduleId, DateTimeOffset fireTime, JobId jobId, TimeSpan ttl,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheduleId);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (!_cronFires.TryGetValue(scheduleId, out var last) || last.ExpiresAt <= now || last.FireTime < fireTime)
                _cronFires[scheduleId] = (fireTime, jobId, now + ttl);
        }
        return default;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<CronScheduleStatus>> GetCronSchedulesAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var fires = Live(_cronFires, f => f.ExpiresAt).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
            return new(Live(_cron, c => c.ExpiresAt)
                .Select(c => fires.TryGetValue(c.Key, out var fire)
                    ? c.Value.Status with { LastFireAt = fire.FireTime, LastJobId = fire.JobId }
                    : c.Value.Status)
                .OrderBy(c => c.TaskName, StringComparer.Ordinal).ThenBy(c => c.Id, StringComparer.Ordinal)
                .ToList());
        }
    }

    /// <summary>Drops the lapsed entries of a record table and returns the rest.</summary>
    private List<KeyValuePair<string, T>> Live<T>(Dictionary<string, T> records, Func<T, DateTimeOffset> expiresAt)
    {
        var now = _time.GetUtcNow();
        foreach (var (key, record) in records.ToList())
        {
            if (expiresAt(record) <= now)
                records.Remove(key);
        }
        return records.ToList();
    }
}
