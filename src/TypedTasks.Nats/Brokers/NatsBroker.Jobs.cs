using TypedTasks.Brokers;

namespace TypedTasks.Nats;

public sealed partial class NatsBroker
{
    /// <inheritdoc />
    public async ValueTask<CancelOutcome> RequestCancelAsync(JobId id, CancellationToken cancellationToken = default)
    {
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        long now = NowMs();
        JobRecord? cancelled = null;
        var outcome = await MutateAsync(buckets, id, record =>
        {
            cancelled = null;
            switch (record)
            {
                case null:
                    return Keep(CancelOutcome.NotFound);
                case { State: JobState.Pending or JobState.Scheduled or JobState.Retry }:
                    cancelled = record with
                    {
                        State = JobState.Cancelled,
                        EndedAt = now,
                        ExpiresAt = now + Millis.Ceiling(_options.KeepCancelledFor),
                        LastError = record.LastError ?? "Cancelled on request.",
                        DueAt = null,
                    };
                    return Put(cancelled, CancelOutcome.Cancelled);
                case { State: JobState.Active }:
                    return record.CancelRequested ? Keep(CancelOutcome.Requested) : Put(record with { CancelRequested = true }, CancelOutcome.Requested);
                default:
                    return Keep(IsLapsed(record, now) ? CancelOutcome.NotFound : CancelOutcome.AlreadyEnded);
            }
        }, cancellationToken).ConfigureAwait(false);
        if (outcome == CancelOutcome.Cancelled)
            await ReleaseLockOfAsync(buckets, cancelled, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <inheritdoc />
    public async ValueTask<JobInfo?> GetJobAsync(JobId id, CancellationToken cancellationToken = default)
    {
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var entry = await ReadAsync(buckets, id, cancellationToken).ConfigureAwait(false);
        return entry is { } e && !IsLapsed(e.Record, NowMs()) ? e.Record.ToInfo() : null;
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteJobAsync(JobId id, CancellationToken cancellationToken = default)
    {
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var deleted = await MutateAsync(buckets, id, record => record is null ? Keep<JobRecord?>(null) : Delete<JobRecord?>(record),
            cancellationToken).ConfigureAwait(false);
        await ReleaseLockOfAsync(buckets, deleted, cancellationToken).ConfigureAwait(false);
        return deleted is not null;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RetryDeadAsync(JobId id, CancellationToken cancellationToken = default)
    {
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return await MutateAsync(buckets, id, record => record is { State: JobState.Dead or JobState.Cancelled }
            ? Put(record with { State = JobState.Pending, Failures = 0, Stalls = 0, EndedAt = null, ExpiresAt = null, Front = false, CancelRequested = false }, true)
            : Keep(false), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>The counts come from this process's replica, which trails other nodes' writes by the watch's latency.</remarks>
    public async ValueTask<QueueStats> GetQueueStatsAsync(string queue, CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var counters = await buckets.Meta.GetAsync("count." + NatsKeys.Escape(queue), cancellationToken).ConfigureAwait(false);
        var (succeeded, failed) = counters is { } c ? MetaCodec.ReadLongs(c.Value) : (0, 0);
        return _index.Counts(queue) with { Succeeded = succeeded, Failed = failed };
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>> GetQueuesAsync(CancellationToken cancellationToken = default)
    {
        await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        long idle = _options.ForgetIdleQueuesAfter == Timeout.InfiniteTimeSpan ? -1 : Millis.Ceiling(_options.ForgetIdleQueuesAfter);
        return _index.ListedQueues(NowMs(), idle);
    }

    /// <inheritdoc />
    public async ValueTask PauseAsync(string queue, CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await UpdateQueueMetaAsync(buckets, queue, meta => meta with { Paused = true }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask ResumeAsync(string queue, CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await UpdateQueueMetaAsync(buckets, queue, meta => meta with { Paused = false }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<JobInfo>> GetDeadJobsAsync(string queue, int offset, int count, CancellationToken cancellationToken = default)
    {
        QueueName.Validate(queue);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return _index.List(queue, JobSet.Dead, offset, count).Select(r => r.ToInfo()).ToList();
    }

    /// <inheritdoc />
    public async ValueTask<bool> MarkGroupMemberDoneAsync(string groupId, JobId member, int size, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        bool complete = false;
        await buckets.Groups.UpdateLoopAsync(NatsKeys.Escape(groupId), current =>
        {
            long now = NowMs();
            var members = current is null ? new HashSet<string>(StringComparer.Ordinal) : MetaCodec.ReadGroup(current) is var (expiresAt, done) && expiresAt > now
                ? done
                : new HashSet<string>(StringComparer.Ordinal);
            members.Add(member.Value);
            complete = members.Count >= size;
            return MetaCodec.Group(now + Millis.Ceiling(ttl), members);
        }, cancellationToken).ConfigureAwait(false);
        return complete;
    }
}
