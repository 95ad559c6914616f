using TypedTasks.Brokers;

namespace TypedTasks.Nats;

public sealed partial class NatsBroker
{
    /// <inheritdoc />
    public async ValueTask<EnqueueResult> EnqueueAsync(EnqueueRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        QueueName.Validate(request.Queue, nameof(request));
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        long now = NowMs();
        var result = await EnqueueOneAsync(buckets, request, now, cancellationToken).ConfigureAwait(false);
        await TouchQueueAsync(buckets, request.Queue, now, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The creates are pipelined on the connection in request order, and JetStream stores one connection's writes in
    /// the order they arrive, so the jobs of a queue get revisions (their pending order) in request order. A unique
    /// job's lock is taken before its create is sent, which keeps that order too.
    /// </remarks>
    public async ValueTask<IReadOnlyList<EnqueueResult>> EnqueueManyAsync(IReadOnlyList<EnqueueRequest> requests,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var request in requests)
            QueueName.Validate(request.Queue, nameof(requests));
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        long now = NowMs();
        var pending = new Task<EnqueueResult>[requests.Count];
        for (int i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            if (request.Unique is { } unique
                && await TakeLockAsync(buckets, request.Queue, unique, request.Id, now, cancellationToken).ConfigureAwait(false) is { } holder)
            {
                pending[i] = Task.FromResult(new EnqueueResult(holder, Duplicate: true));
                continue;
            }
            pending[i] = CreateAsync(buckets, request, now, locked: request.Unique is not null, cancellationToken).AsTask();
        }
        var results = await Task.WhenAll(pending).ConfigureAwait(false);
        foreach (string queue in requests.Select(r => r.Queue).Distinct(StringComparer.Ordinal))
            await TouchQueueAsync(buckets, queue, now, cancellationToken).ConfigureAwait(false);
        return results;
    }

    private async ValueTask<EnqueueResult> EnqueueOneAsync(Buckets buckets, EnqueueRequest request, long now, CancellationToken cancellationToken)
    {
        if (request.Unique is { } unique
            && await TakeLockAsync(buckets, request.Queue, unique, request.Id, now, cancellationToken).ConfigureAwait(false) is { } holder)
        {
            return new EnqueueResult(holder, Duplicate: true);
        }
        return await CreateAsync(buckets, request, now, locked: request.Unique is not null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the job's entry; a duplicate when an entry with its id exists (then its lock, if it took one, is released).</summary>
    private async ValueTask<EnqueueResult> CreateAsync(Buckets buckets, EnqueueRequest request, long now, bool locked, CancellationToken cancellationToken)
    {
        long? due = request.DueAt is { } at && Millis.CeilingOf(at) > now ? Millis.CeilingOf(at) : null;
        var record = new JobRecord
        {
            Id = request.Id,
            Queue = request.Queue,
            TaskName = request.TaskName,
            Envelope = request.Envelope,
            State = due is null ? JobState.Pending : JobState.Scheduled,
            EnqueuedAt = now,
            DueAt = due,
            UniqueKey = request.Unique?.Key,
            UniqueMode = request.Unique?.Mode ?? default,
        };
        var revision = await buckets.Jobs.TryCreateAsync(JobKey(request.Id), record.Encode(), cancellationToken).ConfigureAwait(false);
        if (revision is null)
        {
            if (locked)
                await ReleaseLockAsync(buckets, request.Queue, request.Unique!.Key, request.Id, cancellationToken).ConfigureAwait(false);
            return new EnqueueResult(request.Id, Duplicate: true);
        }
        _index.Apply(record, revision.Value);
        return new EnqueueResult(request.Id, Duplicate: false);
    }

    /// <summary>
    /// Records that the queue got a job, when its meta entry is missing or older than a quarter of the idle time (at
    /// most a minute), so the queue list stays right without a write per enqueue.
    /// </summary>
    private async ValueTask TouchQueueAsync(Buckets buckets, string queue, long now, CancellationToken cancellationToken)
    {
        long recorded = _index.RecordedJobAt(queue);
        long refresh = _options.ForgetIdleQueuesAfter == Timeout.InfiniteTimeSpan
            ? long.MaxValue
            : Math.Min(Millis.Ceiling(_options.ForgetIdleQueuesAfter) / 4, 60_000);
        if (recorded > 0 && now - recorded < refresh)
            return;
        await UpdateQueueMetaAsync(buckets, queue, meta => meta with { LastJobAt = Math.Max(meta.LastJobAt, now) }, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask UpdateQueueMetaAsync(Buckets buckets, string queue, Func<QueueMeta, QueueMeta> change, CancellationToken cancellationToken)
    {
        QueueMeta? written = null;
        await buckets.Meta.UpdateLoopAsync(QueueKey(queue), current =>
        {
            written = change(current is null ? new QueueMeta(false, 0) : QueueMeta.Decode(current));
            return written.Encode();
        }, cancellationToken).ConfigureAwait(false);
        _index.ApplyQueueMeta(queue, written!);
    }

    /// <summary>Takes a unique lock for <paramref name="id"/>; the holder's id when another live job holds it.</summary>
    private async ValueTask<JobId?> TakeLockAsync(Buckets buckets, string queue, UniqueLock unique, JobId id, long now, CancellationToken cancellationToken)
    {
        string key = LockKey(queue, unique.Key);
        var value = MetaCodec.StringAndTime(id.Value, now + Millis.Ceiling(unique.Ttl));
        while (true)
        {
            if (await buckets.Meta.TryCreateAsync(key, value, cancellationToken).ConfigureAwait(false) is not null)
                return null;
            var current = await buckets.Meta.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (current is not { } held)
                continue;
            var (holder, expiresAt) = MetaCodec.ReadStringAndTime(held.Value);
            if (expiresAt > now)
                return new JobId(holder);
            if (await buckets.Meta.TryUpdateAsync(key, value, held.Revision, cancellationToken).ConfigureAwait(false) is not null)
                return null;
        }
    }

    /// <summary>Releases a unique lock only while it still names <paramref name="id"/>.</summary>
    private async ValueTask ReleaseLockAsync(Buckets buckets, string queue, string uniqueKey, JobId id, CancellationToken cancellationToken)
    {
        string key = LockKey(queue, uniqueKey);
        var current = await buckets.Meta.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (current is { } held && MetaCodec.ReadStringAndTime(held.Value).Text == id.Value)
            await buckets.Meta.TryDeleteAsync(key, held.Revision, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask ReleaseLockOfAsync(Buckets buckets, JobRecord? ended, CancellationToken cancellationToken) =>
        ended?.UniqueKey is { } uniqueKey ? ReleaseLockAsync(buckets, ended.Queue, uniqueKey, ended.Id, cancellationToken) : default;

    private static string LockKey(string queue, string uniqueKey) => "lock." + NatsKeys.Escape(queue) + "." + NatsKeys.Escape(uniqueKey);
}
