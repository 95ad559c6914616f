using StackExchange.Redis;
using TypedTasks.Brokers;

namespace TypedTasks.Redis;

/// <summary>
/// The <see cref="IBroker"/> on Redis 7+ (one server, Sentinel or Cluster), over StackExchange.Redis: the keys and Lua
/// scripts of <c>Scripts/</c>, one script call per state change, so no crash between two commands can lose or
/// duplicate a job. Enqueue costs one round trip per job when alone; concurrent and bulk enqueues share script calls
/// (<see cref="EnqueueBatcher"/>), ack-and-fetch costs one round trip per batch, lease renewal one per heartbeat. On a
/// cluster, calls that span queues go once per slot.
/// </summary>
/// <remarks>
/// Delivery is at-least-once: a fetched job sits in the queue's <c>active</c> set under a lease until it is acked,
/// failed or requeued; when its worker dies the lease runs out and <see cref="RecoverExpiredAsync"/> puts it back. With
/// AOF persistence no job is lost when Redis restarts.
/// </remarks>
public sealed partial class RedisBroker : IBroker, IAsyncDisposable
{
    /// <summary>Jobs per enqueueMany call: long enough to share the script's set-up, short enough not to hold Redis.</summary>
    private const int EnqueueManyChunk = 100;

    /// <summary>How long a waiter entry lasts without a fetch to renew it: well past any worker's idle wait.</summary>
    private const long WaiterTtlMs = 60_000;

    private readonly RedisConnection _redis;
    private readonly RedisBrokerOptions _options;
    private readonly RedisKeys _keys;
    private readonly EnqueueBatcher _enqueues;
    private readonly WakeSignals _wakes;
    private readonly QueueRegistry _queues;

    /// <summary>
    /// Creates a broker with its own connection, made now: <paramref name="configuration"/> is in StackExchange.Redis
    /// syntax (<c>host:port,password=…,ssl=true</c>, several endpoints for a cluster, <c>serviceName=…</c> with the
    /// sentinels' endpoints for Sentinel) or a <c>redis://</c> URI. The broker disposes the connection.
    /// </summary>
    /// <exception cref="ArgumentException">The string is malformed.</exception>
    /// <exception cref="InvalidOperationException">Redis cannot be reached; the message says where it was looked for.</exception>
    public RedisBroker(string configuration, RedisBrokerOptions? options = null)
        : this(RedisConnection.Connect(configuration), options)
    {
    }

    /// <summary>Creates a broker with its own connection, made now from <paramref name="configuration"/>; the broker disposes it.</summary>
    /// <exception cref="InvalidOperationException">Redis cannot be reached; the message says where it was looked for.</exception>
    public RedisBroker(ConfigurationOptions configuration, RedisBrokerOptions? options = null)
        : this(RedisConnection.Connect(configuration), options)
    {
    }

    /// <summary>Creates a broker over the app's own multiplexer, which it never disposes.</summary>
    public RedisBroker(IConnectionMultiplexer connection, RedisBrokerOptions? options = null)
        : this(RedisConnection.Borrow(connection), options)
    {
    }

    private RedisBroker(RedisConnection redis, RedisBrokerOptions? options)
    {
        _options = options ?? new RedisBrokerOptions();
        _options.Validate();
        _redis = redis;
        _keys = new RedisKeys(_options.KeyPrefix);
        _enqueues = new EnqueueBatcher(requests => EnqueueManyCoreAsync(requests));
        _wakes = new WakeSignals(redis.Multiplexer, _keys);
        _queues = new QueueRegistry(redis, _keys, _options.ForgetIdleQueuesAfter);
    }

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
        return await EnqueueManyCoreAsync(requests).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One enqueueMany call per queue and per chunk of jobs, all pipelined; the requests of a lone or batched single
    /// enqueue (one queue, one chunk) take a path of their own that allocates only the call's arguments and results.
    /// </summary>
    private Task<EnqueueResult[]> EnqueueManyCoreAsync(IReadOnlyList<EnqueueRequest> requests)
    {
        string queue = Validated(requests, 0).Queue;
        bool oneQueue = true;
        for (int i = 1; i < requests.Count; i++)
            oneQueue &= Validated(requests, i).Queue == queue;
        return oneQueue && requests.Count <= EnqueueManyChunk ? EnqueueOneCallAsync(requests, queue) : EnqueueByQueueAsync(requests);
    }

    private static EnqueueRequest Validated(IReadOnlyList<EnqueueRequest> requests, int i)
    {
        var request = requests[i] ?? throw new ArgumentNullException(nameof(requests), "A request in the list is null.");
        QueueName.Validate(request.Queue, nameof(requests));
        return request;
    }

    private async Task<EnqueueResult[]> EnqueueOneCallAsync(IReadOnlyList<EnqueueRequest> requests, string queue)
    {
        var touch = _queues.Touch(queue);
        var reply = await EnqueueChunkAsync(requests, _keys.Group(queue), null).ConfigureAwait(false);
        var results = new EnqueueResult[requests.Count];
        for (int i = 0; i < results.Length; i++)
            results[i] = new EnqueueResult(requests[i].Id, Duplicate: false);
        ReadDuplicates(null, reply, results);
        if (touch is not null)
            await touch.ConfigureAwait(false);
        return results;
    }

    /// <summary>
    /// The general case: the requests of each queue in chunks. On a cluster the chunks of one queue go one after another:
    /// a call redirected by MOVED (a slot on the move, a failover) is sent again after the calls behind it, which would
    /// store a bulk enqueue out of order.
    /// </summary>
    private async Task<EnqueueResult[]> EnqueueByQueueAsync(IReadOnlyList<EnqueueRequest> requests)
    {
        var results = new EnqueueResult[requests.Count];
        for (int i = 0; i < results.Length; i++)
            results[i] = new EnqueueResult(requests[i].Id, Duplicate: false);
        var touches = new List<Task>();
        var byQueue = ByQueue(requests);
        var queues = new Task[byQueue.Count];
        int q = 0;
        foreach (var (queue, positions) in byQueue)
        {
            if (_queues.Touch(queue) is { } touch)
                touches.Add(touch);
            var keys = _keys.Group(queue);
            var chunks = positions.Chunk(EnqueueManyChunk).ToList();
            queues[q++] = chunks.Count > 1 && _redis.IsCluster
                ? EnqueueChunksInOrderAsync(requests, keys, chunks, results)
                : EnqueueChunksAsync(requests, keys, chunks, results);
        }
        foreach (var queue in queues)
            await queue.ConfigureAwait(false);
        foreach (var touch in touches)
            await touch.ConfigureAwait(false);
        return results;
    }

    /// <summary>The positions of the requests of each queue, in order.</summary>
    private static List<(string Queue, List<int> Positions)> ByQueue(IReadOnlyList<EnqueueRequest> requests)
    {
        var byQueue = new List<(string Queue, List<int> Positions)>();
        for (int i = 0; i < requests.Count; i++)
        {
            string queue = requests[i].Queue;
            int at = 0;
            while (at < byQueue.Count && byQueue[at].Queue != queue)
                at++;
            if (at == byQueue.Count)
                byQueue.Add((queue, []));
            byQueue[at].Positions.Add(i);
        }
        return byQueue;
    }

    private async Task EnqueueChunksAsync(IReadOnlyList<EnqueueRequest> requests, RedisKey[] keys, List<int[]> chunks, EnqueueResult[] results)
    {
        var calls = new Task<RedisResult>[chunks.Count];
        for (int c = 0; c < chunks.Count; c++)
            calls[c] = EnqueueChunkAsync(requests, keys, chunks[c]);
        for (int c = 0; c < chunks.Count; c++)
            ReadDuplicates(chunks[c], await calls[c].ConfigureAwait(false), results);
    }

    private async Task EnqueueChunksInOrderAsync(IReadOnlyList<EnqueueRequest> requests, RedisKey[] keys, List<int[]> chunks, EnqueueResult[] results)
    {
        foreach (var chunk in chunks)
            ReadDuplicates(chunk, await EnqueueChunkAsync(requests, keys, chunk).ConfigureAwait(false), results);
    }

    /// <summary>One enqueueMany call for the requests at <paramref name="positions"/>, or all of them when <see langword="null"/>.</summary>
    private Task<RedisResult> EnqueueChunkAsync(IReadOnlyList<EnqueueRequest> requests, RedisKey[] keys, int[]? positions)
    {
        var args = EnqueueManyArgs.For(requests, positions);
        var stored = RedisScripts.EnqueueMany.EvaluateAsync(_redis.Database, keys, args);
        return _options.WaitForReplicas == 0 ? stored : ReplicatedAsync(stored, keys[0]);
    }

    /// <summary>
    /// Waits until <see cref="RedisBrokerOptions.WaitForReplicas"/> replicas have what the call stored. WAIT goes to the
    /// master owning the queue's slot on the same connection as the script, so it covers the script's writes.
    /// </summary>
    private async Task<RedisResult> ReplicatedAsync(Task<RedisResult> stored, RedisKey queueKey)
    {
        var result = await stored.ConfigureAwait(false);
        long timeoutMs = Math.Max(1, Millis.Ceiling(_options.WaitForReplicasTimeout));
        long replicas = (long)await _redis.Multiplexer.GetServer(queueKey).ExecuteAsync("WAIT", _options.WaitForReplicas, timeoutMs).ConfigureAwait(false);
        if (replicas < _options.WaitForReplicas)
        {
            throw new TimeoutException(
                $"The jobs were stored on the master but only {replicas} of {_options.WaitForReplicas} replicas had them after {timeoutMs} ms " +
                "(RedisBrokerOptions.WaitForReplicas): a failover now could lose them. Enqueue them again; a job id is stored once.");
        }
        return result;
    }

    /// <summary>
    /// enqueueMany.lua answers only the duplicates, as pairs of their 0-based position in the call and the existing
    /// job's id (an empty reply when every job was stored); <paramref name="positions"/> maps a call's positions to the
    /// results', <see langword="null"/> when they are the same.
    /// </summary>
    private static void ReadDuplicates(int[]? positions, RedisResult reply, EnqueueResult[] results)
    {
        for (int d = 0; d + 1 < reply.Length; d += 2)
        {
            int at = (int)reply[d];
            results[positions is null ? at : positions[at]] = new EnqueueResult(new JobId((string)reply[d + 1]!), Duplicate: true);
        }
    }

    /// <inheritdoc />
    public async ValueTask<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var reply = await AckAndFetchCoreAsync([], request).WaitAsync(cancellationToken).ConfigureAwait(false);
        return reply.Next;
    }

    /// <inheritdoc />
    public async ValueTask<AckAndFetchResult> AckAndFetchAsync(IReadOnlyList<JobAck> acks, FetchRequest? next,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(acks);
        next?.Validate();
        if (acks.Count == 0 && next is null)
            return new AckAndFetchResult { Refused = [], Next = FetchResult.Empty };
        return await AckAndFetchCoreAsync(acks, next).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> FailAsync(JobFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var lease = failure.Lease;
        var retention = _options.DeadRetentionFor(lease.Queue);
        RedisValue[] args =
        [
            lease.Id.Value, lease.Token, (int)failure.Disposition, Millis.Ceiling(failure.RetryDelay), failure.Error ?? "",
            retention.MaxJobs, (long)retention.MaxAge.TotalMilliseconds, (long)_options.KeepCancelledFor.TotalMilliseconds,
        ];
        var reply = await EvalAsync(RedisScripts.Fail, QueueName.Validate(lease.Queue, nameof(failure)), args, cancellationToken).ConfigureAwait(false);
        return (long)reply == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RequeueAsync(JobLease lease, CancellationToken cancellationToken = default)
    {
        var reply = await EvalAsync(RedisScripts.Requeue, QueueName.Validate(lease.Queue, nameof(lease)), [lease.Id.Value, lease.Token], cancellationToken).ConfigureAwait(false);
        return (long)reply == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> SetProgressAsync(JobLease lease, double percent, CancellationToken cancellationToken = default)
    {
        if (double.IsNaN(percent) || percent < 0 || percent > 100)
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "Progress is a percentage from 0 to 100.");
        RedisValue[] args = [lease.Id.Value, lease.Token, percent.ToString("R", System.Globalization.CultureInfo.InvariantCulture)];
        var reply = await EvalAsync(RedisScripts.Progress, QueueName.Validate(lease.Queue, nameof(lease)), args, cancellationToken).ConfigureAwait(false);
        return (long)reply == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> WaitForWorkAsync(IReadOnlyList<string> queues, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        foreach (string queue in queues)
            QueueName.Validate(queue, nameof(queues));
        if (timeout <= TimeSpan.Zero)
            return false;
        return await _wakes.WaitAsync(queues, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask PingAsync(CancellationToken cancellationToken = default) =>
        await _redis.Database.PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Ends the broker's subscriptions, and closes the connection when the broker made it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _wakes.UnsubscribeAsync().ConfigureAwait(false);
        await _redis.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Runs a script on one queue's key group, plus <paramref name="extraKeys"/> of the same slot.</summary>
    private Task<RedisResult> EvalAsync(BrokerScript script, string queue, RedisValue[] args, CancellationToken cancellationToken,
        params string[] extraKeys)
    {
        var group = _keys.Group(queue);
        var keys = group;
        if (extraKeys.Length > 0)
        {
            keys = new RedisKey[group.Length + extraKeys.Length];
            group.CopyTo(keys, 0);
            for (int i = 0; i < extraKeys.Length; i++)
                keys[group.Length + i] = extraKeys[i];
        }
        var call = script.EvaluateAsync(_redis.Database, keys, args);
        return cancellationToken.CanBeCanceled ? call.WaitAsync(cancellationToken) : call;
    }
}
