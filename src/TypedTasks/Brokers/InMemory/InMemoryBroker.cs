namespace TypedTasks.Brokers;

/// <summary>
/// The embedded broker: every feature of <see cref="IBroker"/> in process memory, thread-safe, with time read from a
/// <see cref="TimeProvider"/> so tests can drive it. Jobs do not survive the process; use the Redis broker for that.
/// </summary>
/// <remarks>
/// One lock guards all state: each operation is a few dictionary and set updates, far cheaper than the work a job does,
/// and a single lock makes every state change atomic exactly like a Lua script on Redis.
/// </remarks>
public sealed partial class InMemoryBroker : IBroker, IBrokerAdmin
{
    private readonly object _gate = new();
    private readonly Dictionary<string, InMemoryQueue> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<JobId, InMemoryJob> _jobs = [];
    private readonly TimeProvider _time;
    private readonly BrokerOptions _options;
    private long _sequence;
    private long _tokens;

    /// <summary>Creates an empty broker.</summary>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="options">Retention and recovery settings; the defaults when <see langword="null"/>.</param>
    public InMemoryBroker(TimeProvider? timeProvider = null, BrokerOptions? options = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _options = options ?? new BrokerOptions();
        _options.Validate();
    }

    /// <inheritdoc />
    public ValueTask<EnqueueResult> EnqueueAsync(EnqueueRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        QueueName.Validate(request.Queue, nameof(request));
        lock (_gate)
            return new(Enqueue(request, _time.GetUtcNow()));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<EnqueueResult>> EnqueueManyAsync(IReadOnlyList<EnqueueRequest> requests,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var request in requests)
            QueueName.Validate(request.Queue, nameof(requests));
        var results = new EnqueueResult[requests.Count];
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            for (int i = 0; i < results.Length; i++)
                results[i] = Enqueue(requests[i], now);
        }
        return new(results);
    }

    /// <inheritdoc />
    public ValueTask<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        lock (_gate)
            return new(Fetch(request, _time.GetUtcNow()));
    }

    /// <inheritdoc />
    public ValueTask<AckAndFetchResult> AckAndFetchAsync(IReadOnlyList<JobAck> acks, FetchRequest? next,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(acks);
        next?.Validate();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            List<JobId>? refused = null;
            foreach (var ack in acks)
            {
                if (!Ack(ack, now))
                    (refused ??= []).Add(ack.Lease.Id);
            }
            return new(new AckAndFetchResult
            {
                Refused = refused ?? (IReadOnlyList<JobId>)[],
                Next = next is null ? FetchResult.Empty : Fetch(next, now),
            });
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> FailAsync(JobFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        lock (_gate)
        {
            if (!TryTakeActive(failure.Lease, out var job))
                return new(false);
            var now = _time.GetUtcNow();
            job.Queue.CountFailed(now);
            job.LastError = failure.Error;
            switch (failure.Disposition)
            {
                case FailureDisposition.Retry:
                    job.Failures++;
                    job.State = JobState.Retry;
                    job.DueAt = now + (failure.RetryDelay > TimeSpan.Zero ? failure.RetryDelay : TimeSpan.Zero);
                    AddTimed(job.Queue.Retry, job, job.DueAt.Value);
                    if (job.Queue.Retry.Min == job)
                        job.Queue.Mark();
                    break;
                case FailureDisposition.Dead:
                    job.Failures++;
                    Kill(job, failure.Error, now);
                    break;
                default:
                    EndCancelled(job, now);
                    break;
            }
            return new(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<LeaseRenewal> ExtendLeasesAsync(IReadOnlyList<JobLease> leases, TimeSpan leaseDuration,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leases);
        List<JobId>? lost = null, cancel = null;
        lock (_gate)
        {
            var deadline = _time.GetUtcNow() + leaseDuration;
            foreach (var lease in leases)
            {
                if (!IsHeld(lease, out var job))
                {
                    (lost ??= []).Add(lease.Id);
                    continue;
                }
                job.LeaseDeadline = deadline;
                if (job.CancelRequested)
                    (cancel ??= []).Add(lease.Id);
            }
        }
        return new(lost is null && cancel is null
            ? LeaseRenewal.None
            : new LeaseRenewal { Lost = lost ?? (IReadOnlyList<JobId>)[], CancelRequested = cancel ?? (IReadOnlyList<JobId>)[] });
    }

    /// <inheritdoc />
    public ValueTask<int> RecoverExpiredAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        int recovered = 0;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var name in queues)
            {
                if (!_queues.TryGetValue(QueueName.Validate(name, nameof(queues)), out var queue))
                    continue;
                var expired = queue.Active.Where(j => j.LeaseDeadline <= now).OrderBy(j => j.LeaseDeadline).ToList();
                // Back to the head in reverse, so the longest-expired job is fetched first.
                for (int i = expired.Count - 1; i >= 0; i--)
                {
                    var job = expired[i];
                    queue.Active.Remove(job);
                    job.Stalls++;
                    if (job.Stalls >= _options.MaxStalls)
                    {
                        queue.CountFailed(now);
                        Kill(job, BrokerOptions.StalledError, now);
                    }
                    else
                    {
                        MakePending(job, atHead: true);
                    }
                    recovered++;
                }
            }
        }
        return new(recovered);
    }

    /// <inheritdoc />
    public ValueTask<bool> RequeueAsync(JobLease lease, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!TryTakeActive(lease, out var job))
                return new(false);
            MakePending(job, atHead: true);
            return new(true);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> WaitForWorkAsync(IReadOnlyList<string> queues, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        var signals = new Task[queues.Count];
        lock (_gate)
        {
            for (int i = 0; i < queues.Count; i++)
            {
                var queue = GetQueue(QueueName.Validate(queues[i], nameof(queues)));
                if (queue.Marked && !queue.Paused)
                {
                    queue.ClearMark();
                    return true;
                }
                signals[i] = queue.SignalTask;
            }
        }
        if (timeout <= TimeSpan.Zero)
            return false;
        try
        {
            await Task.WhenAny(signals).WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
        lock (_gate)
        {
            foreach (var name in queues)
                _queues[name].ClearMark();
        }
        return true;
    }

    /// <inheritdoc />
    public ValueTask<bool> SetProgressAsync(JobLease lease, double percent, CancellationToken cancellationToken = default)
    {
        if (double.IsNaN(percent) || percent < 0 || percent > 100)
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "Progress is a percentage from 0 to 100.");
        lock (_gate)
        {
            if (!IsHeld(lease, out var job))
                return new(false);
            job.Progress = percent;
            return new(true);
        }
    }

    /// <inheritdoc />
    public ValueTask PingAsync(CancellationToken cancellationToken = default) => default;

    private EnqueueResult Enqueue(EnqueueRequest request, DateTimeOffset now)
    {
        if (_jobs.ContainsKey(request.Id))
            return new(request.Id, Duplicate: true);
        var queue = GetQueue(request.Queue);
        queue.Known = true;
        queue.LastJobAt = now;
        if (request.Unique is { } unique)
        {
            if (queue.UniqueLocks.TryGetValue(unique.Key, out var held) && held.ExpiresAt > now)
                return new(held.Holder, Duplicate: true);
            queue.UniqueLocks[unique.Key] = (request.Id, now + unique.Ttl);
        }
        var job = new InMemoryJob
        {
            Id = request.Id,
            Queue = queue,
            TaskName = request.TaskName,
            Envelope = request.Envelope.ToArray(),
            EnqueuedAt = now,
            Unique = request.Unique,
            Sequence = ++_sequence,
        };
        _jobs.Add(job.Id, job);
        if (request.DueAt is { } due && due > now)
        {
            job.State = JobState.Scheduled;
            job.DueAt = due;
            AddTimed(queue.Scheduled, job, due);
            if (queue.Scheduled.Min == job)
                queue.Mark();
        }
        else
        {
            MakePending(job, atHead: false);
        }
        return new(request.Id, Duplicate: false);
    }

    private FetchResult Fetch(FetchRequest request, DateTimeOffset now)
    {
        PurgeExpiredGroups(now);
        var jobs = new List<LeasedJob>();
        DateTimeOffset? nextDue = null;
        foreach (var name in request.Queues)
        {
            if (!_queues.TryGetValue(name, out var queue) || queue.Paused)
                continue;
            Promote(queue, queue.Scheduled, now);
            Promote(queue, queue.Retry, now);
            PurgeExpired(queue, now);
            while (jobs.Count < request.Count && queue.Pending.First is { } node)
            {
                queue.Pending.RemoveFirst();
                jobs.Add(Lease(node.Value, request, now));
            }
            if (queue.Pending.Count > 0)
                queue.Mark();
            nextDue = Earliest(nextDue, queue.Scheduled.Min?.DueAt, queue.Retry.Min?.DueAt);
        }
        return jobs.Count == 0 ? new FetchResult { Jobs = [], NextDueAt = nextDue } : new FetchResult { Jobs = jobs };
    }

    private LeasedJob Lease(InMemoryJob job, FetchRequest request, DateTimeOffset now)
    {
        job.PendingNode = null;
        job.State = JobState.Active;
        job.Token = ++_tokens;
        job.LeaseDeadline = now + request.Lease;
        job.StartedAt = now;
        job.WorkerId = request.WorkerId;
        job.Progress = null;
        job.Queue.Active.Add(job);
        if (job.Unique is { Mode: UniqueMode.UntilStarted })
            ReleaseUnique(job);
        return new LeasedJob
        {
            Lease = new JobLease(job.Queue.Name, job.Id, job.Token),
            Attempt = job.Failures + 1,
            Stalls = job.Stalls,
            Envelope = job.Envelope,
        };
    }

    private bool Ack(JobAck ack, DateTimeOffset now)
    {
        if (!TryTakeActive(ack.Lease, out var job))
            return false;
        job.Queue.CountSucceeded(now);
        ReleaseUnique(job);
        if (ack.KeepFor is { } keep && keep > TimeSpan.Zero)
        {
            job.State = JobState.Succeeded;
            job.EndedAt = now;
            job.Result = ack.Result?.ToArray();
            AddTimed(job.Queue.Kept, job, now + keep);
        }
        else
        {
            _jobs.Remove(job.Id);
        }
        return true;
    }

    private void Promote(InMemoryQueue queue, SortedSet<InMemoryJob> set, DateTimeOffset now)
    {
        for (int n = 0; n < _options.PromoteBatch && set.Min is { } job && job.DueAt <= now; n++)
        {
            set.Remove(job);
            MakePending(job, atHead: false);
        }
    }

    private void PurgeExpired(InMemoryQueue queue, DateTimeOffset now)
    {
        while (queue.Kept.Min is { } job && job.SortTicks <= now.UtcTicks)
        {
            queue.Kept.Remove(job);
            _jobs.Remove(job.Id);
        }
    }

    private void MakePending(InMemoryJob job, bool atHead)
    {
        job.State = JobState.Pending;
        job.DueAt = null;
        job.PendingNode = atHead ? job.Queue.Pending.AddFirst(job) : job.Queue.Pending.AddLast(job);
        job.Queue.Mark();
    }

    private void Kill(InMemoryJob job, string error, DateTimeOffset now)
    {
        job.State = JobState.Dead;
        job.LastError = error;
        job.EndedAt = now;
        ReleaseUnique(job);
        var queue = job.Queue;
        AddTimed(queue.Dead, job, now);
        var retention = _options.DeadRetentionFor(queue.Name);
        var oldest = now - retention.MaxAge;
        while (queue.Dead.Min is { } first && (queue.Dead.Count > retention.MaxJobs || first.SortTicks < oldest.UtcTicks))
        {
            queue.Dead.Remove(first);
            _jobs.Remove(first.Id);
        }
    }

    private void EndCancelled(InMemoryJob job, DateTimeOffset now)
    {
        job.State = JobState.Cancelled;
        job.EndedAt = now;
        job.LastError ??= "Cancelled on request.";
        ReleaseUnique(job);
        AddTimed(job.Queue.Kept, job, now + _options.KeepCancelledFor);
    }

    private void ReleaseUnique(InMemoryJob job)
    {
        if (job.Unique is { } unique && job.Queue.UniqueLocks.TryGetValue(unique.Key, out var held) && held.Holder == job.Id)
            job.Queue.UniqueLocks.Remove(unique.Key);
    }

    private bool TryTakeActive(JobLease lease, out InMemoryJob job)
    {
        if (!IsHeld(lease, out job))
            return false;
        job.Queue.Active.Remove(job);
        return true;
    }

    private bool IsHeld(JobLease lease, out InMemoryJob job) =>
        _jobs.TryGetValue(lease.Id, out job!) && job.State == JobState.Active && job.Token == lease.Token
        && job.Queue.Name == lease.Queue;

    private void AddTimed(SortedSet<InMemoryJob> set, InMemoryJob job, DateTimeOffset at)
    {
        job.SortTicks = at.UtcTicks;
        job.Sequence = ++_sequence;
        set.Add(job);
    }

    private InMemoryQueue GetQueue(string name)
    {
        if (!_queues.TryGetValue(name, out var queue))
            _queues.Add(name, queue = new InMemoryQueue(name));
        return queue;
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b, DateTimeOffset? c)
    {
        var min = a;
        if (b is { } vb && (min is null || vb < min)) min = vb;
        if (c is { } vc && (min is null || vc < min)) min = vc;
        return min;
    }
}
