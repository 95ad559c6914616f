using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using TypedTasks.Brokers;

namespace TypedTasks.Nats;

/// <summary>
/// The NATS JetStream broker: jobs in JetStream key-value buckets, every state change one compare-and-set on the
/// job's entry, replicated over a JetStream cluster when <see cref="NatsBrokerOptions.Replicas"/> is 3.
/// </summary>
/// <remarks>
/// <para><b>Design.</b> nats-server 2.9 has no delayed delivery and a stream cannot put a message back at its head
/// or hand out a lease shorter than its consumer's <c>AckWait</c>, while the <see cref="IBroker"/> contract asks for
/// per-fetch leases, fencing tokens, a requeue to the front, due-time order and listings of every set. So the
/// broker is built on the primitive JetStream makes atomic, the KV entry with its revision:</para>
/// <list type="bullet">
/// <item><c>&lt;prefix&gt;_jobs</c>: one entry per job (key: the escaped job id) holding the envelope and its state,
/// attempts, lease deadline, fencing token, error, result. Every transition (claim, ack, fail, extend, recover,
/// requeue, cancel, delete, promotion of a due job) is a write that names the revision it replaces, so of two
/// workers, schedulers or recoverers racing for a job exactly one wins; the loser re-reads and decides again. The
/// fencing token of a lease is the revision its claim replaced, unique per claim, so a worker whose lease expired
/// and whose job was claimed again is refused every completion — the guarantee the Redis and PostgreSQL brokers
/// give, kept here.</item>
/// <item>Order and sets: each broker instance keeps a replica of the bucket's current entries (a KV watch, see
/// <see cref="JobIndex"/>) ordered per queue: pending by (front flag, revision) — JetStream numbers writes in the
/// order it stores them, so revision order is enqueue order and a requeued or recovered job, flagged front, goes
/// first —, scheduled and retry by due time, dead by time of death. A fetch takes candidates from the replica and
/// claims each by compare-and-set; a stale replica costs a refused claim, never a double lease.</item>
/// <item>Scheduling is leaderless: any fetch promotes the due scheduled and retry jobs of its queues (compare-and-set,
/// so concurrent promoters cannot both move a job), and the fetch result's next due time bounds the worker's wait.</item>
/// <item>Leases are deadlines in the entry, renewed by <see cref="ExtendLeasesAsync"/> (the worker's heartbeat) and
/// recovered by <see cref="RecoverExpiredAsync"/> on any node, gated per queue by a compare-and-set timestamp in
/// <c>&lt;prefix&gt;_meta</c>.</item>
/// <item><c>&lt;prefix&gt;_meta</c> also holds unique locks (created only if absent, taken over by compare-and-set once
/// expired), paused flags and queue activity (watched, like the jobs), success and failure counters, worker
/// heartbeats and cron records; <c>&lt;prefix&gt;_minutes</c> the per-minute throughput (a bucket whose entries age
/// out after an hour); <c>&lt;prefix&gt;_groups</c> the members done per group.</item>
/// <item>Wake-ups: the watch delivers every write to every broker within milliseconds, so a job entering pending
/// (enqueue, requeue, recover, retry) or a resumed queue wakes the waits of this process on that queue.</item>
/// </list>
/// <para>Limits: each process holds its queues' waiting jobs (envelopes included) in memory, which suits queues of up
/// to some hundred thousand waiting jobs; times are read from this process's clock (NATS has no server time to ask),
/// so nodes should run NTP; enqueue cannot join a database transaction.</para>
/// </remarks>
public sealed partial class NatsBroker : IBroker, IBrokerAdmin, IAsyncDisposable
{
    private static readonly NatsRawSerializer<byte[]> s_raw = NatsRawSerializer<byte[]>.Default;

    private readonly INatsConnection _connection;
    private readonly bool _ownsConnection;
    private readonly NatsBrokerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly JobIndex _index = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _startGate = new();
    private Task<Buckets>? _started;

    /// <summary>Creates a broker that connects to <paramref name="url"/> (<c>nats://host:4222</c>) and closes that connection when disposed.</summary>
    public NatsBroker(string url, NatsBrokerOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this(Connect(url, options ?? new NatsBrokerOptions(), loggerFactory), ownsConnection: true, options, loggerFactory)
    {
    }

    /// <summary>Creates a broker over the app's own <paramref name="connection"/>, which it never disposes.</summary>
    public NatsBroker(INatsConnection connection, NatsBrokerOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this(connection, ownsConnection: false, options, loggerFactory)
    {
    }

    private NatsBroker(INatsConnection connection, bool ownsConnection, NatsBrokerOptions? options, ILoggerFactory? loggerFactory)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _ownsConnection = ownsConnection;
        _options = options ?? new NatsBrokerOptions();
        _options.Validate();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("TypedTasks.Nats.NatsBroker");
    }

    /// <summary>The settings the broker runs with.</summary>
    public NatsBrokerOptions Options => _options;

    /// <summary>Creates the buckets if needed and loads this process's replica of the jobs; other calls do it on first use.</summary>
    public async ValueTask StartAsync(CancellationToken cancellationToken = default) =>
        await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Stops the watches and closes the connection if the broker made it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
            return;
        _stopping.Cancel();
        if (_ownsConnection)
            await _connection.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask PingAsync(CancellationToken cancellationToken = default)
    {
        await _connection.PingAsync(cancellationToken).ConfigureAwait(false);
        var buckets = await ReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await buckets.Meta.Store.GetStatusAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NatsConnection Connect(string url, NatsBrokerOptions options, ILoggerFactory? loggerFactory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        options.Validate();
        var opts = options.ConnectionOptions(url);
        if (loggerFactory is not null)
            opts = opts with { LoggerFactory = loggerFactory };
        return new NatsConnection(opts);
    }

    private Task<Buckets> ReadyAsync()
    {
        var started = _started;
        if (started is { IsFaulted: false, IsCanceled: false })
            return started;
        lock (_startGate)
        {
            if (_started is null || _started.IsFaulted || _started.IsCanceled)
                _started = StartCoreAsync();
            return _started;
        }
    }

    private async Task<Buckets> StartCoreAsync()
    {
        var kv = new NatsKVContext(new NatsJSContext(_connection));
        var storage = _options.MemoryStorage ? NatsKVStorageType.Memory : NatsKVStorageType.File;
        async Task<KvBucket> Bucket(string suffix, TimeSpan maxAge)
        {
            var store = await kv.CreateOrUpdateStoreAsync(new NatsKVConfig(_options.Prefix + "_" + suffix)
            {
                History = 1,
                Storage = storage,
                NumberOfReplicas = _options.Replicas,
                MaxAge = maxAge,
            }, _stopping.Token).ConfigureAwait(false);
            return new KvBucket(store);
        }
        var buckets = new Buckets(
            await Bucket("jobs", TimeSpan.Zero).ConfigureAwait(false),
            await Bucket("meta", TimeSpan.Zero).ConfigureAwait(false),
            await Bucket("minutes", ThroughputMinute.Retention).ConfigureAwait(false),
            await Bucket("groups", TimeSpan.FromDays(30)).ConfigureAwait(false));
        var jobsLoaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var metaLoaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = WatchJobsAsync(buckets.Jobs, jobsLoaded);
        _ = WatchQueuesAsync(buckets.Meta, metaLoaded);
        await Task.WhenAll(jobsLoaded.Task, metaLoaded.Task).ConfigureAwait(false);
        return buckets;
    }

    /// <summary>Keeps <see cref="_index"/> in step with the jobs bucket; the watch resumes by itself after a reconnect.</summary>
    private async Task WatchJobsAsync(KvBucket jobs, TaskCompletionSource loaded)
    {
        var opts = new NatsKVWatchOpts
        {
            OnNoData = _ =>
            {
                loaded.TrySetResult();
                return new ValueTask<bool>(false);
            },
        };
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await foreach (var entry in jobs.Store.WatchAsync(s_raw, opts, _stopping.Token).ConfigureAwait(false))
                {
                    if (entry.Operation == NatsKVOperation.Put && entry.Value is { } value)
                        _index.Apply(JobRecord.Decode(value), entry.Revision);
                    else
                        _index.Deleted(new JobId(NatsKeys.Unescape(entry.Key)), entry.Revision);
                    if (entry.Delta == 0)
                        loaded.TrySetResult();
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "The watch of the NATS jobs bucket failed; restarting it.");
                await Task.Delay(TimeSpan.FromSeconds(1), _time).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Keeps paused flags and queue activity from the meta bucket's <c>queue.*</c> entries in <see cref="_index"/>.</summary>
    private async Task WatchQueuesAsync(KvBucket meta, TaskCompletionSource loaded)
    {
        var opts = new NatsKVWatchOpts
        {
            IgnoreDeletes = true,
            OnNoData = _ =>
            {
                loaded.TrySetResult();
                return new ValueTask<bool>(false);
            },
        };
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await foreach (var entry in meta.Store.WatchAsync(["queue.>"], s_raw, opts, _stopping.Token).ConfigureAwait(false))
                {
                    if (entry.Value is { } value)
                        _index.ApplyQueueMeta(NatsKeys.Unescape(entry.Key["queue.".Length..]), QueueMeta.Decode(value));
                    if (entry.Delta == 0)
                        loaded.TrySetResult();
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "The watch of the NATS meta bucket failed; restarting it.");
                await Task.Delay(TimeSpan.FromSeconds(1), _time).ConfigureAwait(false);
            }
        }
    }

    private long NowMs() => Millis.Of(_time.GetUtcNow());

    private static string JobKey(JobId id) => NatsKeys.Escape(id.Value);

    private static string QueueKey(string queue) => "queue." + NatsKeys.Escape(queue);

    private sealed record Buckets(KvBucket Jobs, KvBucket Meta, KvBucket Minutes, KvBucket Groups);
}
