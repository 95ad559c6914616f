using TypedTasks.Brokers;

namespace TypedTasks.Nats;

public sealed partial class NatsBroker
{
    /// <inheritdoc />
    public async ValueTask<AckAndFetchResult> AckAndFetchAsync(IReadOnlyList<JobAck> acks, FetchRequest? next,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(acks);
        next?.Validate();
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        long now = NowMs();
        var completions = new Task<JobRecord?>[acks.Count];
        for (int i = 0; i < acks.Count; i++)
            completions[i] = AckOneAsync(buckets, acks[i], now, cancellationToken).AsTask();
        var completed = await Task.WhenAll(completions).ConfigureAwait(false);
        List<JobId>? refused = null;
        for (int i = 0; i < acks.Count; i++)
        {
            if (completed[i] is null)
                (refused ??= []).Add(acks[i].Lease.Id);
        }
        foreach (var done in completed.Where(c => c is not null).GroupBy(c => c!.Queue, StringComparer.Ordinal))
            await CountAsync(buckets, done.Key, succeeded: done.Count(), failed: 0, now, cancellationToken).ConfigureAwait(false);
        return new AckAndFetchResult
        {
            Refused = refused ?? (IReadOnlyList<JobId>)[],
            Next = next is null ? FetchResult.Empty : await FetchCoreAsync(buckets, next, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>Completes one job; the record it had, or <see langword="null"/> when the lease was lost.</summary>
    private async ValueTask<JobRecord?> AckOneAsync(Buckets buckets, JobAck ack, long now, CancellationToken cancellationToken)
    {
        var ended = await MutateAsync(buckets, ack.Lease.Id, record =>
        {
            if (!IsHeld(record, ack.Lease))
                return Keep<JobRecord?>(null);
            if (ack.KeepFor is not { } keep || keep <= TimeSpan.Zero)
                return Delete<JobRecord?>(record);
            return Put<JobRecord?>(record! with
            {
                State = JobState.Succeeded,
                EndedAt = now,
                ExpiresAt = now + Millis.Ceiling(keep),
                Result = ack.Result,
                LeaseDeadline = 0,
                CancelRequested = false,
            }, record);
        }, cancellationToken).ConfigureAwait(false);
        await ReleaseLockOfAsync(buckets, ended, cancellationToken).ConfigureAwait(false);
        return ended;
    }

    /// <inheritdoc />
    public async ValueTask<bool> FailAsync(JobFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        long now = NowMs();
        var failed = await MutateAsync(buckets, failure.Lease.Id, record =>
        {
            if (!IsHeld(record, failure.Lease))
                return Keep<JobRecord?>(null);
            var next = failure.Disposition switch
            {
                FailureDisposition.Retry => record! with
                {
                    State = JobState.Retry,
                    Failures = record.Failures + 1,
                    DueAt = now + Millis.Ceiling(failure.RetryDelay),
                    LastError = failure.Error,
                },
                FailureDisposition.Dead => record! with { State = JobState.Dead, Failures = record.Failures + 1, EndedAt = now, LastError = failure.Error },
                _ => record! with
                {
                    State = JobState.Cancelled,
                    EndedAt = now,
                    ExpiresAt = now + Millis.Ceiling(_options.KeepCancelledFor),
                    LastError = failure.Error,
                },
            };
            return Put<JobRecord?>(next with { LeaseDeadline = 0 }, next);
        }, cancellationToken).ConfigureAwait(false);
        if (failed is null)
            return false;
        await CountAsync(buckets, failed.Queue, succeeded: 0, failed: 1, now, cancellationToken).ConfigureAwait(false);
        if (failed.State != JobState.Retry)
            await ReleaseLockOfAsync(buckets, failed, cancellationToken).ConfigureAwait(false);
        if (failed.State == JobState.Dead)
            await TrimDeadAsync(buckets, failed.Queue, now, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async ValueTask<LeaseRenewal> ExtendLeasesAsync(IReadOnlyList<JobLease> leases, TimeSpan leaseDuration,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leases);
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        long deadline = NowMs() + Millis.Ceiling(leaseDuration);
        var renewals = new Task<bool?>[leases.Count];
        for (int i = 0; i < leases.Count; i++)
        {
            var lease = leases[i];
            renewals[i] = MutateAsync(buckets, lease.Id, record => IsHeld(record, lease)
                ? Put<bool?>(record! with { LeaseDeadline = deadline }, record.CancelRequested)
                : Keep<bool?>(null), cancellationToken).AsTask();
        }
        var renewed = await Task.WhenAll(renewals).ConfigureAwait(false);
        List<JobId>? lost = null, cancel = null;
        for (int i = 0; i < leases.Count; i++)
        {
            if (renewed[i] is not { } cancelRequested)
                (lost ??= []).Add(leases[i].Id);
            else if (cancelRequested)
                (cancel ??= []).Add(leases[i].Id);
        }
        return lost is null && cancel is null
            ? LeaseRenewal.None
            : new LeaseRenewal { Lost = lost ?? (IReadOnlyList<JobId>)[], CancelRequested = cancel ?? (IReadOnlyList<JobId>)[] };
    }

    /// <inheritdoc />
    public async ValueTask<bool> RequeueAsync(JobLease lease, CancellationToken cancellationToken = default)
    {
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return await MutateAsync(buckets, lease.Id, record => IsHeld(record, lease)
            ? Put(record! with { State = JobState.Pending, Front = true, LeaseDeadline = 0, Progress = null }, true)
            : Keep(false), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> SetProgressAsync(JobLease lease, double percent, CancellationToken cancellationToken = default)
    {
        if (double.IsNaN(percent) || percent < 0 || percent > 100)
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "Progress is a percentage from 0 to 100.");
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return await MutateAsync(buckets, lease.Id, record => IsHeld(record, lease)
            ? Put(record! with { Progress = percent }, true)
            : Keep(false), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<int> RecoverExpiredAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        foreach (string queue in queues)
            QueueName.Validate(queue, nameof(queues));
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        int recovered = 0;
        foreach (string queue in queues)
        {
            long now = NowMs();
            if (!await PassRecoverGateAsync(buckets, queue, now, cancellationToken).ConfigureAwait(false))
                continue;
            recovered += await RecoverQueueAsync(buckets, queue, now, cancellationToken).ConfigureAwait(false);
            await PurgeLapsedAsync(buckets, queue, now, cancellationToken).ConfigureAwait(false);
        }
        return recovered;
    }

    /// <summary>
    /// Puts the expired leases of a queue back at the front of pending, longest-expired first, or in the dead set once
    /// a job stalled <see cref="BrokerOptions.MaxStalls"/> times.
    /// </summary>
    private async ValueTask<int> RecoverQueueAsync(Buckets buckets, string queue, long now, CancellationToken cancellationToken)
    {
        int recovered = 0, killed = 0;
        foreach (var (expired, _) in _index.All(queue, JobSet.Active).Where(a => a.Record.LeaseDeadline <= now).OrderBy(a => a.Record.LeaseDeadline))
        {
            var outcome = await MutateAsync(buckets, expired.Id, record =>
            {
                if (record is not { State: JobState.Active } || record.Token != expired.Token || record.LeaseDeadline > now)
                    return Keep<JobRecord?>(null);
                int stalls = record.Stalls + 1;
                var next = stalls >= _options.MaxStalls
                    ? record with { State = JobState.Dead, Stalls = stalls, EndedAt = now, LastError = BrokerOptions.StalledError, LeaseDeadline = 0 }
                    : record with { State = JobState.Pending, Stalls = stalls, Front = true, LeaseDeadline = 0, Progress = null };
                return Put<JobRecord?>(next, next);
            }, cancellationToken).ConfigureAwait(false);
            if (outcome is null)
                continue;
            recovered++;
            if (outcome.State == JobState.Dead)
            {
                killed++;
                await ReleaseLockOfAsync(buckets, outcome, cancellationToken).ConfigureAwait(false);
            }
        }
        if (killed > 0)
        {
            await CountAsync(buckets, queue, succeeded: 0, failed: killed, now, cancellationToken).ConfigureAwait(false);
            await TrimDeadAsync(buckets, queue, now, cancellationToken).ConfigureAwait(false);
        }
        return recovered;
    }

    /// <summary>Lets one recover per <see cref="NatsBrokerOptions.RecoverInterval"/> and queue through, across all nodes.</summary>
    private async ValueTask<bool> PassRecoverGateAsync(Buckets buckets, string queue, long now, CancellationToken cancellationToken)
    {
        long interval = Millis.Ceiling(_options.RecoverInterval);
        if (interval == 0)
            return true;
        return await buckets.Meta.UpdateLoopAsync("recover." + NatsKeys.Escape(queue), current =>
            current is not null && now - MetaCodec.ReadLongs(current).A < interval ? null : MetaCodec.Longs(now, 0), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes kept jobs whose time is up.</summary>
    private async ValueTask PurgeLapsedAsync(Buckets buckets, string queue, long now, CancellationToken cancellationToken)
    {
        foreach (var (lapsed, _) in _index.All(queue, JobSet.Kept).TakeWhile(k => k.Record.ExpiresAt <= now))
        {
            await MutateAsync(buckets, lapsed.Id, record => record is not null && IsLapsed(record, now) ? Delete(true) : Keep(false),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the oldest dead jobs past the queue's dead-set limits.</summary>
    private async ValueTask TrimDeadAsync(Buckets buckets, string queue, long now, CancellationToken cancellationToken)
    {
        var retention = _options.DeadRetentionFor(queue);
        long oldest = now - Millis.Ceiling(retention.MaxAge);
        var dead = _index.All(queue, JobSet.Dead);
        int excess = dead.Count - retention.MaxJobs;
        for (int i = 0; i < dead.Count; i++)
        {
            var record = dead[i].Record;
            if (i >= excess && record.EndedAt >= oldest)
                break;
            await MutateAsync(buckets, record.Id, current => current is { State: JobState.Dead } ? Delete(true) : Keep(false),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Adds to a queue's success and failure counters and to the current minute's throughput.</summary>
    private async ValueTask CountAsync(Buckets buckets, string queue, int succeeded, int failed, long now, CancellationToken cancellationToken)
    {
        static Func<byte[]?, byte[]?> Add(int s, int f) => current =>
        {
            var (a, b) = current is null ? (0L, 0L) : MetaCodec.ReadLongs(current);
            return MetaCodec.Longs(a + s, b + f);
        };
        string escaped = NatsKeys.Escape(queue);
        await buckets.Meta.UpdateLoopAsync("count." + escaped, Add(succeeded, failed), cancellationToken).ConfigureAwait(false);
        long minute = ThroughputMinute.MinuteOf(Millis.ToTime(now));
        await buckets.Minutes.UpdateLoopAsync(escaped + "." + minute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Add(succeeded, failed), cancellationToken).ConfigureAwait(false);
    }
}
