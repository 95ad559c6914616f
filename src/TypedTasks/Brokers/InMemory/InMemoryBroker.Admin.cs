namespace TypedTasks.Brokers;

public sealed partial class InMemoryBroker
{
    /// <inheritdoc />
    public ValueTask<CancelOutcome> RequestCancelAsync(JobId id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!TryGetLive(id, out var job))
                return new(CancelOutcome.NotFound);
            switch (job.State)
            {
                case JobState.Active:
                    job.CancelRequested = true;
                    return new(CancelOutcome.Requested);
                case JobState.Scheduled or JobState.Pending or JobState.Retry:
                    Detach(job);
                    EndCancelled(job, _time.GetUtcNow());
                    return new(CancelOutcome.Cancelled);
                default:
                    return new(CancelOutcome.AlreadyEnded);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<JobInfo?> GetJobAsync(JobId id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return new(TryGetLive(id, out var job) ? job.ToInfo() : null);
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteJobAsync(JobId id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!TryGetLive(id, out var job))
                return new(false);
            Detach(job);
            ReleaseUnique(job);
            _jobs.Remove(id);
            return new(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<QueueStats> GetQueueStatsAsync(string queue, CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        lock (_gate)
        {
            if (!_queues.TryGetValue(queue, out var q))
                return new(new QueueStats { Queue = queue });
            PurgeExpired(q, _time.GetUtcNow());
            return new(new QueueStats
            {
                Queue = queue,
                Pending = q.Pending.Count,
                Active = q.Active.Count,
                Scheduled = q.Scheduled.Count,
                Retry = q.Retry.Count,
                Dead = q.Dead.Count,
                Kept = q.Kept.Count,
                Succeeded = q.Succeeded,
                Failed = q.Failed,
                Paused = q.Paused,
            });
        }
    }

    /// <inheritdoc />
    /// <remarks>A queue that has held no job for <see cref="BrokerOptions.ForgetIdleQueuesAfter"/> leaves the list.</remarks>
    public ValueTask<IReadOnlyList<string>> GetQueuesAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var forgetAfter = _options.ForgetIdleQueuesAfter;
            foreach (var queue in _queues.Values)
            {
                if (queue.Known && forgetAfter != Timeout.InfiniteTimeSpan && now - queue.LastJobAt >= forgetAfter && queue.IsEmpty && !queue.Paused)
                    queue.Known = false;
            }
            return new(_queues.Values.Where(q => q.Known).Select(q => q.Name).Order(StringComparer.Ordinal).ToList());
        }
    }

    /// <inheritdoc />
    public ValueTask PauseAsync(string queue, CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        lock (_gate)
        {
            var q = GetQueue(queue);
            q.Known = true;
            q.LastJobAt = _time.GetUtcNow();
            q.Paused = true;
        }
        return default;
    }

    /// <inheritdoc />
    public ValueTask ResumeAsync(string queue, CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        lock (_gate)
        {
            if (_queues.TryGetValue(queue, out var q) && q.Paused)
            {
                q.Paused = false;
                q.Mark();
            }
        }
        return default;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<JobInfo>> GetDeadJobsAsync(string queue, int offset, int count,
        CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            if (!_queues.TryGetValue(queue, out var q))
                return new([]);
            return new(q.Dead.Reverse().Skip(offset).Take(count).Select(j => j.ToInfo()).ToList());
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RetryDeadAsync(JobId id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!TryGetLive(id, out var job) || job.State is not (JobState.Dead or JobState.Cancelled))
                return new(false);
            Detach(job);
            job.Failures = 0;
            job.Stalls = 0;
            job.CancelRequested = false;
            job.EndedAt = null;
            MakePending(job, atHead: false);
            return new(true);
        }
    }

    /// <summary>Finds a job, dropping it first when its retention has run out.</summary>
    private bool TryGetLive(JobId id, out InMemoryJob job)
    {
        if (!_jobs.TryGetValue(id, out job!))
            return false;
        if (job.State is JobState.Succeeded or JobState.Cancelled && job.SortTicks <= _time.GetUtcNow().UtcTicks)
        {
            job.Queue.Kept.Remove(job);
            _jobs.Remove(id);
            return false;
        }
        return true;
    }

    /// <summary>Takes a job out of whichever collection of its queue holds it.</summary>
    private static void Detach(InMemoryJob job)
    {
        var queue = job.Queue;
        switch (job.State)
        {
            case JobState.Pending:
                queue.Pending.Remove(job.PendingNode!);
                job.PendingNode = null;
                break;
            case JobState.Active:
                queue.Active.Remove(job);
                break;
            case JobState.Scheduled:
                queue.Scheduled.Remove(job);
                break;
            case JobState.Retry:
                queue.Retry.Remove(job);
                break;
            case JobState.Dead:
                queue.Dead.Remove(job);
                break;
            default:
                queue.Kept.Remove(job);
                break;
        }
    }
}
