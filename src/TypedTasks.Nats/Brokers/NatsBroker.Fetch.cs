using TypedTasks.Brokers;

namespace TypedTasks.Nats;

public sealed partial class NatsBroker
{
    /// <summary>How many rounds of claims one queue gets in a fetch: a claim lost to another node is retried on the next candidates.</summary>
    private const int ClaimRounds = 4;

    /// <inheritdoc />
    public async ValueTask<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return await FetchCoreAsync(buckets, request, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<FetchResult> FetchCoreAsync(Buckets buckets, FetchRequest request, CancellationToken cancellationToken)
    {
        long now = NowMs();
        var jobs = new List<LeasedJob>();
        long? nextDue = null;
        foreach (string queue in request.Queues)
        {
            if (_index.IsPaused(queue))
                continue;
            await PromoteAsync(buckets, queue, now, cancellationToken).ConfigureAwait(false);
            for (int round = 0; round < ClaimRounds && jobs.Count < request.Count; round++)
            {
                var claims = _index.BeginClaims(queue, request.Count - jobs.Count);
                if (claims.Count == 0)
                    break;
                try
                {
                    var leased = new Task<LeasedJob?>[claims.Count];
                    for (int i = 0; i < claims.Count; i++)
                        leased[i] = ClaimAsync(buckets, claims[i].Record, claims[i].Revision, request, now, cancellationToken).AsTask();
                    foreach (var job in await Task.WhenAll(leased).ConfigureAwait(false))
                    {
                        if (job is not null)
                            jobs.Add(job);
                    }
                }
                finally
                {
                    _index.EndClaims(claims);
                }
            }
            if (jobs.Count >= request.Count)
                break;
            if (_index.NextDue(queue) is { } due && (nextDue is null || due < nextDue))
                nextDue = due;
        }
        return jobs.Count > 0
            ? new FetchResult { Jobs = jobs }
            : new FetchResult { Jobs = [], NextDueAt = nextDue is { } next ? Millis.ToTime(next) : null };
    }

    /// <summary>Leases one pending job by compare-and-set on the revision the replica knows; <see langword="null"/> when another node got there first.</summary>
    private async ValueTask<LeasedJob?> ClaimAsync(Buckets buckets, JobRecord record, ulong revision, FetchRequest request, long now, CancellationToken cancellationToken)
    {
        var active = record with
        {
            State = JobState.Active,
            Token = (long)revision,
            LeaseDeadline = now + Millis.Ceiling(request.Lease),
            StartedAt = now,
            WorkerId = request.WorkerId,
            Progress = null,
            Front = false,
            DueAt = null,
        };
        var written = await buckets.Jobs.TryUpdateAsync(JobKey(record.Id), active.Encode(), revision, cancellationToken).ConfigureAwait(false);
        if (written is null)
        {
            await ReadAsync(buckets, record.Id, cancellationToken).ConfigureAwait(false);
            return null;
        }
        _index.Apply(active, written.Value);
        if (active.UniqueKey is { } uniqueKey && active.UniqueMode == UniqueMode.UntilStarted)
            await ReleaseLockAsync(buckets, active.Queue, uniqueKey, active.Id, cancellationToken).ConfigureAwait(false);
        return new LeasedJob
        {
            Lease = new JobLease(active.Queue, active.Id, active.Token),
            Attempt = active.Failures + 1,
            Stalls = active.Stalls,
            Envelope = active.Envelope,
        };
    }

    /// <summary>
    /// Makes the due scheduled and retry jobs of <paramref name="queue"/> pending, earliest first: the writes are
    /// pipelined in due order, so their revisions (their pending order) follow due order. Any node may do it at any
    /// time; compare-and-set lets one promotion of each job win.
    /// </summary>
    private async ValueTask PromoteAsync(Buckets buckets, string queue, long now, CancellationToken cancellationToken)
    {
        var due = _index.Due(queue, now, _options.PromoteBatch);
        if (due.Count == 0)
            return;
        var writes = new Task[due.Count];
        for (int i = 0; i < due.Count; i++)
            writes[i] = PromoteOneAsync(buckets, due[i].Record, due[i].Revision, cancellationToken).AsTask();
        await Task.WhenAll(writes).ConfigureAwait(false);
    }

    private async ValueTask PromoteOneAsync(Buckets buckets, JobRecord record, ulong revision, CancellationToken cancellationToken)
    {
        var pending = record with { State = JobState.Pending, DueAt = null, Front = false };
        var written = await buckets.Jobs.TryUpdateAsync(JobKey(record.Id), pending.Encode(), revision, cancellationToken).ConfigureAwait(false);
        if (written is { } w)
            _index.Apply(pending, w);
        else
            await ReadAsync(buckets, record.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> WaitForWorkAsync(IReadOnlyList<string> queues, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        foreach (string queue in queues)
            QueueName.Validate(queue, nameof(queues));
        await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_index.HasWork(queues, out var signals))
            return true;
        if (timeout <= TimeSpan.Zero)
            return false;
        try
        {
            await Task.WhenAny(signals).WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
