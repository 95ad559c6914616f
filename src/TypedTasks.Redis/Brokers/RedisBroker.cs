using System.Globalization;
using TypedTasks.Brokers;
using TypedTasks.Redis.Resp;

namespace TypedTasks.Redis;

/// <summary>
/// The <see cref="IBroker"/> on Redis 7+: the keys and Lua scripts of <c>Scripts/</c>, one script call per state
/// change, so no crash between two commands can lose or duplicate a job. Enqueue costs one round trip per job when
/// alone; concurrent and bulk enqueues share script calls (<see cref="EnqueueBatcher"/>), ack-and-fetch costs one
/// round trip per batch, lease renewal one per heartbeat.
/// </summary>
/// <remarks>
/// Delivery is at-least-once: a fetched job sits in the queue's <c>active</c> set under a lease until it is acked,
/// failed or requeued; when its worker dies the lease runs out and <see cref="RecoverExpiredAsync"/> puts it back. With
/// AOF persistence no job is lost when Redis restarts.
/// </remarks>
public sealed partial class RedisBroker : IBroker, IAsyncDisposable
{
    private readonly RedisClient _redis;
    private readonly bool _ownsClient;
    private readonly RedisBrokerOptions _options;
    private readonly RedisKeys _keys;
    private readonly EnqueueBatcher _enqueues;

    /// <summary>Creates a broker over a client the caller owns and disposes (several brokers, one connection).</summary>
    internal RedisBroker(RedisClient redis, RedisBrokerOptions? options = null)
        : this(redis ?? throw new ArgumentNullException(nameof(redis)), ownsClient: false, options)
    {
    }

    /// <summary>Creates a broker with its own client, connecting to <paramref name="connectionString"/> (<c>host:port,password=…</c>).</summary>
    public RedisBroker(string connectionString, RedisBrokerOptions? options = null)
        : this(new RedisClient(connectionString ?? throw new ArgumentNullException(nameof(connectionString))), ownsClient: true, options)
    {
    }

    private RedisBroker(RedisClient redis, bool ownsClient, RedisBrokerOptions? options)
    {
        _options = options ?? new RedisBrokerOptions();
        _options.Validate();
        _redis = redis;
        _ownsClient = ownsClient;
        _keys = new RedisKeys(_options.KeyPrefix);
        _enqueues = new EnqueueBatcher(requests => EnqueueManyCoreAsync(requests, CancellationToken.None));
    }

    /// <summary>Jobs per enqueueMany call: long enough to share the script's set-up, short enough not to hold Redis.</summary>
    private const int EnqueueManyChunk = 100;

    /// <summary>The settings in use.</summary>
    public RedisBrokerOptions Options => _options;

    /// <inheritdoc />
    public ValueTask<EnqueueResult> EnqueueAsync(EnqueueRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        QueueName.Validate(request.Queue, nameof(request));
        return new ValueTask<EnqueueResult>(_enqueues.EnqueueAsync(request, cancellationToken));
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<EnqueueResult>> EnqueueManyAsync(IReadOnlyList<EnqueueRequest> requests,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
            return [];
        return await EnqueueManyCoreAsync(requests, cancellationToken).OffReplyThread();
    }

    /// <summary>One enqueueMany call per queue and per chunk of jobs, all pipelined in one round trip.</summary>
    private async Task<EnqueueResult[]> EnqueueManyCoreAsync(IReadOnlyList<EnqueueRequest> requests, CancellationToken cancellationToken)
    {
        var calls = new List<(int[] Positions, List<string> Keys, List<RedisArg> Args)>();
        foreach (var byQueue in Enumerable.Range(0, requests.Count).GroupBy(i => QueueName.Validate(
                     (requests[i] ?? throw new ArgumentNullException(nameof(requests), "A request in the list is null.")).Queue, nameof(requests))))
        {
            foreach (var chunk in byQueue.Chunk(EnqueueManyChunk))
            {
                var args = new List<RedisArg>(2 + chunk.Length * 7) { byQueue.Key, chunk.Length };
                foreach (int i in chunk)
                    AddJobArgs(args, requests[i]);
                var keys = _keys.Group(byQueue.Key);
                keys.Add(_keys.Queues);
                calls.Add((chunk, keys, args));
            }
        }
        var replies = new Task<RedisValue>[calls.Count];
        if (calls.Count == 1)
        {
            replies[0] = _redis.EvalAsync(RedisScripts.EnqueueMany, calls[0].Keys, calls[0].Args, cancellationToken);
        }
        else
        {
            var batch = _redis.CreateBatch();
            for (int c = 0; c < calls.Count; c++)
                replies[c] = batch.EvalAsync(RedisScripts.EnqueueMany, calls[c].Keys, calls[c].Args);
            await batch.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        var results = new EnqueueResult[requests.Count];
        for (int c = 0; c < calls.Count; c++)
        {
            var values = await replies[c].ConfigureAwait(false);
            var positions = calls[c].Positions;
            for (int j = 0; j < positions.Length; j++)
            {
                var request = requests[positions[j]];
                results[positions[j]] = values[j].Type == RedisValueType.Integer
                    ? new EnqueueResult(request.Id, Duplicate: false)
                    : new EnqueueResult(new JobId(values[j].AsString()), Duplicate: true);
            }
        }
        return results;
    }

    /// <inheritdoc />
    public async ValueTask<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var queues = new QueueIndex(_keys);
        var args = new List<RedisArg>();
        AddFetchArgs(args, queues, request);
        var reply = await _redis.EvalAsync(RedisScripts.Fetch, queues.Keys, args, cancellationToken).OffReplyThread();
        return ReadFetch(reply, 0, queues);
    }

    /// <inheritdoc />
    public async ValueTask<AckAndFetchResult> AckAndFetchAsync(IReadOnlyList<JobAck> acks, FetchRequest? next,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(acks);
        next?.Validate();
        if (acks.Count == 0 && next is null)
            return new AckAndFetchResult { Refused = [], Next = FetchResult.Empty };
        var queues = new QueueIndex(_keys);
        // Sized for the acks and a fetch of a few queues: growing the list was a fifth of a drain's allocations.
        var args = new List<RedisArg>(1 + acks.Count * 5 + 8 + (next?.Queues.Count ?? 0)) { acks.Count };
        foreach (var ack in acks)
        {
            ArgumentNullException.ThrowIfNull(ack);
            long keepMs = ack.KeepFor is { } keep && keep > TimeSpan.Zero ? Math.Max(1, (long)keep.TotalMilliseconds) : 0;
            args.Add(queues.IndexOf(ack.Lease.Queue));
            args.Add(ack.Lease.Id.Value);
            args.Add(ack.Lease.Token);
            args.Add(keepMs);
            args.Add(ack.Result is { } result ? RedisArg.From(result) : RedisArg.From(""));
        }
        if (next is null)
            args.Add(0);
        else
            AddFetchArgs(args, queues, next);
        var reply = await _redis.EvalAsync(RedisScripts.AckAndFetch, queues.Keys, args, cancellationToken).OffReplyThread();
        int refusedCount = (int)reply[0].AsInt64();
        var refused = new JobId[refusedCount];
        for (int i = 0; i < refusedCount; i++)
            refused[i] = new JobId(reply[1 + i].AsString());
        return new AckAndFetchResult { Refused = refused, Next = ReadFetch(reply, 1 + refusedCount, queues) };
    }

    /// <inheritdoc />
    public async ValueTask<bool> FailAsync(JobFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var lease = failure.Lease;
        var retention = _options.DeadRetentionFor(lease.Queue);
        var args = new List<RedisArg>
        {
            lease.Id.Value, lease.Token, (int)failure.Disposition,
            Math.Max(0, (long)failure.RetryDelay.TotalMilliseconds), failure.Error ?? "",
            retention.MaxJobs, (long)retention.MaxAge.TotalMilliseconds, (long)_options.KeepCancelledFor.TotalMilliseconds,
        };
        var reply = await _redis.EvalAsync(RedisScripts.Fail, _keys.Group(QueueName.Validate(lease.Queue, nameof(failure))), args, cancellationToken).OffReplyThread();
        return reply.AsInt64() == 1;
    }

    /// <inheritdoc />
    public async ValueTask<LeaseRenewal> ExtendLeasesAsync(IReadOnlyList<JobLease> leases, TimeSpan leaseDuration,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leases);
        if (leases.Count == 0)
            return LeaseRenewal.None;
        var queues = new QueueIndex(_keys);
        var args = new List<RedisArg> { Math.Max(1, (long)leaseDuration.TotalMilliseconds), leases.Count };
        foreach (var lease in leases)
        {
            args.Add(queues.IndexOf(lease.Queue));
            args.Add(lease.Id.Value);
            args.Add(lease.Token);
        }
        var reply = await _redis.EvalAsync(RedisScripts.Extend, queues.Keys, args, cancellationToken).OffReplyThread();
        int lostCount = (int)reply[0].AsInt64();
        if (reply.Count == 1)
            return LeaseRenewal.None;
        var lost = new JobId[lostCount];
        var cancel = new JobId[reply.Count - 1 - lostCount];
        for (int i = 0; i < lost.Length; i++)
            lost[i] = new JobId(reply[1 + i].AsString());
        for (int i = 0; i < cancel.Length; i++)
            cancel[i] = new JobId(reply[1 + lostCount + i].AsString());
        return new LeaseRenewal { Lost = lost, CancelRequested = cancel };
    }

    /// <inheritdoc />
    public async ValueTask<int> RecoverExpiredAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        int recovered = 0;
        foreach (string queue in queues)
        {
            var keys = _keys.Group(QueueName.Validate(queue, nameof(queues)));
            keys.Add(_keys.RecoverGate(queue));
            var retention = _options.DeadRetentionFor(queue);
            var args = new List<RedisArg>
            {
                (long)_options.RecoverInterval.TotalMilliseconds, _options.MaxStalls, _options.PromoteBatch,
                retention.MaxJobs, (long)retention.MaxAge.TotalMilliseconds, BrokerOptions.StalledError,
            };
            var reply = await _redis.EvalAsync(RedisScripts.Recover, keys, args, cancellationToken).OffReplyThread();
            recovered += (int)reply.AsInt64();
        }
        return recovered;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RequeueAsync(JobLease lease, CancellationToken cancellationToken = default)
    {
        var keys = _keys.Group(QueueName.Validate(lease.Queue, nameof(lease)));
        var reply = await _redis.EvalAsync(RedisScripts.Requeue, keys, [lease.Id.Value, lease.Token], cancellationToken).OffReplyThread();
        return reply.AsInt64() == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> SetProgressAsync(JobLease lease, double percent, CancellationToken cancellationToken = default)
    {
        if (double.IsNaN(percent) || percent < 0 || percent > 100)
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "Progress is a percentage from 0 to 100.");
        var keys = _keys.Group(QueueName.Validate(lease.Queue, nameof(lease)));
        var args = new List<RedisArg> { lease.Id.Value, lease.Token, percent.ToString("R", CultureInfo.InvariantCulture) };
        var reply = await _redis.EvalAsync(RedisScripts.Progress, keys, args, cancellationToken).OffReplyThread();
        return reply.AsInt64() == 1;
    }

    /// <inheritdoc />
    public async ValueTask PingAsync(CancellationToken cancellationToken = default) =>
        await _redis.ExecuteAsync("PING", [], cancellationToken).OffReplyThread();

    /// <summary>Disposes the client when the broker created it.</summary>
    public ValueTask DisposeAsync() => _ownsClient ? _redis.DisposeAsync() : default;

    /// <summary>A job's 7 values for enqueueMany.lua: id, envelope, task, due, unique key, ttl, mode.</summary>
    private static void AddJobArgs(List<RedisArg> args, EnqueueRequest request)
    {
        var unique = request.Unique;
        args.Add(request.Id.Value);
        args.Add(RedisArg.From(request.Envelope));
        args.Add(request.TaskName);
        args.Add(request.DueAt is { } due ? due.ToUnixTimeMilliseconds() : 0);
        args.Add(unique?.Key ?? "");
        args.Add(unique is null ? 0 : Math.Max(1, (long)unique.Ttl.TotalMilliseconds));
        args.Add(unique is { Mode: UniqueMode.UntilStarted } ? 1 : 0);
    }

    private void AddFetchArgs(List<RedisArg> args, QueueIndex queues, FetchRequest request)
    {
        args.Add(request.Queues.Count);
        foreach (string queue in request.Queues)
            args.Add(queues.IndexOf(queue));
        args.Add(request.Count);
        args.Add(Math.Max(1, (long)request.Lease.TotalMilliseconds));
        args.Add(request.WorkerId ?? "");
        args.Add(_options.PromoteBatch);
    }

    /// <summary>Reads fetch.lua's reply starting at <paramref name="start"/>: next due ms, then 6 values per job.</summary>
    private static FetchResult ReadFetch(RedisValue reply, int start, QueueIndex queues)
    {
        long nextDue = reply[start].AsInt64();
        int count = (reply.Count - start - 1) / 6;
        if (count == 0)
            return nextDue < 0 ? FetchResult.Empty : new FetchResult { Jobs = [], NextDueAt = DateTimeOffset.FromUnixTimeMilliseconds(nextDue) };
        var jobs = new LeasedJob[count];
        for (int i = 0; i < count; i++)
        {
            int at = start + 1 + i * 6;
            string queue = queues.NameAt((int)reply[at].AsInt64());
            jobs[i] = new LeasedJob
            {
                Lease = new JobLease(queue, new JobId(reply[at + 1].AsString()), reply[at + 2].AsInt64()),
                Attempt = (int)reply[at + 3].AsInt64(),
                Stalls = (int)reply[at + 4].AsInt64(),
                Envelope = reply[at + 5].AsBytes(),
            };
        }
        return new FetchResult { Jobs = jobs };
    }
}
