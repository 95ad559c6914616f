using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TypedTasks.Brokers;

namespace TypedTasks.Postgres;

/// <summary>
/// The <see cref="IBroker"/> on PostgreSQL 13+: one row per job in the schema of <see cref="PostgresBrokerOptions.Schema"/>,
/// one SQL statement per state change (the files of <c>Sql/</c>), so no crash between two statements can lose or
/// duplicate a job. Fetch leases n jobs in one statement with <c>FOR UPDATE SKIP LOCKED</c>; ack-and-fetch is one
/// round trip per batch; idle workers are woken by <c>LISTEN/NOTIFY</c>. Jobs can be enqueued inside the
/// application's own transaction (<see cref="PostgresTransactionExtensions.WithTransaction(ITaskClient, System.Data.Common.DbTransaction)"/>).
/// </summary>
/// <remarks>
/// Delivery is at-least-once: a leased job stays in the table, active under a lease, until it is acked, failed or
/// requeued; when its worker dies the lease runs out and <see cref="RecoverExpiredAsync"/> puts it back. Every
/// acknowledged enqueue is a committed row, so a PostgreSQL crash loses none.
/// </remarks>
public sealed partial class PostgresBroker : IBroker, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly PostgresBrokerOptions _options;
    private readonly PostgresSql _sql;
    private readonly ILogger _logger;
    private readonly NotificationListener _listener;
    private readonly long _idleQueueMillis;
    private readonly long _queueTouchMillis;
    private Task? _schema;

    /// <summary>Creates a broker with its own data source, connecting with <paramref name="connectionString"/> (<c>Host=…;Username=…;Database=…</c>).</summary>
    public PostgresBroker(string connectionString, PostgresBrokerOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this(NpgsqlDataSource.Create(connectionString ?? throw new ArgumentNullException(nameof(connectionString))), ownsDataSource: true, options, loggerFactory)
    {
    }

    /// <summary>Creates a broker over a data source the application owns and disposes (the one its own data access uses).</summary>
    public PostgresBroker(NpgsqlDataSource dataSource, PostgresBrokerOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this(dataSource ?? throw new ArgumentNullException(nameof(dataSource)), ownsDataSource: false, options, loggerFactory)
    {
    }

    private PostgresBroker(NpgsqlDataSource dataSource, bool ownsDataSource, PostgresBrokerOptions? options, ILoggerFactory? loggerFactory)
    {
        _options = options ?? new PostgresBrokerOptions();
        _options.Validate();
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _sql = new PostgresSql(_options.Schema);
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PostgresBroker>();
        _listener = new NotificationListener(dataSource, _sql.Channel, _logger);
        bool forgets = _options.ForgetIdleQueuesAfter != Timeout.InfiniteTimeSpan;
        _idleQueueMillis = forgets ? (long)_options.ForgetIdleQueuesAfter.TotalMilliseconds : -1;
        // Like the Redis broker, an enqueue refreshes its queue's activity at most every tenth of the idle time.
        _queueTouchMillis = forgets ? _idleQueueMillis / 10 : -1;
    }

    /// <summary>The settings in use.</summary>
    public PostgresBrokerOptions Options => _options;

    /// <summary>The data source the broker connects through.</summary>
    public NpgsqlDataSource DataSource => _dataSource;

    /// <summary>
    /// Creates or upgrades the broker's schema now (the broker otherwise does it on first use unless
    /// <see cref="PostgresBrokerOptions.AutoMigrate"/> is off). Safe to call from several hosts at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">The schema is newer than this version of TypedTasks.Postgres knows.</exception>
    public Task MigrateAsync(CancellationToken cancellationToken = default) =>
        SchemaMigrator.MigrateAsync(_dataSource, _options.Schema, cancellationToken);

    /// <summary>Waits for the schema once per broker; a failed attempt (database down) is tried again by the next call.</summary>
    private Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (!_options.AutoMigrate)
            return Task.CompletedTask;
        var schema = _schema;
        if (schema is { IsCompletedSuccessfully: true })
            return schema;
        if (schema is null || schema.IsFaulted || schema.IsCanceled)
        {
            var attempt = MigrateAsync(CancellationToken.None);
            schema = Interlocked.CompareExchange(ref _schema, attempt, schema) == schema ? attempt : _schema!;
        }
        return schema.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<EnqueueResult> EnqueueAsync(EnqueueRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        QueueName.Validate(request.Queue, nameof(request));
        var results = await EnqueueManyAsync([request], cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<EnqueueResult>> EnqueueManyAsync(IReadOnlyList<EnqueueRequest> requests,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
            return [];
        var enlisted = PostgresEnlistment.Current;
        if (enlisted is not null)
            return await EnqueueInTransactionAsync(enlisted, requests, cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await EnqueueOnAsync(connection, requests, prepare: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs enqueue.sql for <paramref name="requests"/> on an open connection (the broker's, or the caller's in its transaction).</summary>
    internal async Task<EnqueueResult[]> EnqueueOnAsync(NpgsqlConnection connection, IReadOnlyList<EnqueueRequest> requests, bool prepare,
        CancellationToken cancellationToken)
    {
        if (requests is [{ Unique: null } lone])
            return [await EnqueueOneAsync(connection, lone, prepare, cancellationToken).ConfigureAwait(false)];
        int n = requests.Count;
        var queues = new string[n];
        var ids = new string[n];
        var tasks = new string[n];
        var envelopes = new byte[n][];
        var due = new long[n];
        var keys = new string?[n];
        var ttl = new long[n];
        var modes = new short[n];
        for (int i = 0; i < n; i++)
        {
            var request = requests[i] ?? throw new ArgumentNullException(nameof(requests), "A request in the list is null.");
            queues[i] = QueueName.Validate(request.Queue, nameof(requests));
            ids[i] = request.Id.Value ?? throw new ArgumentException("A request has no job id.", nameof(requests));
            tasks[i] = request.TaskName ?? "";
            envelopes[i] = ToArray(request.Envelope);
            due[i] = request.DueAt is { } at ? Millis.DueUnix(at) : 0;
            keys[i] = request.Unique?.Key;
            ttl[i] = request.Unique is { } unique ? Math.Max(1, Millis.Ceiling(unique.Ttl)) : 0;
            modes[i] = request.Unique is { Mode: UniqueMode.UntilStarted } ? (short)1 : (short)0;
        }
        await using var command = new NpgsqlCommand(_sql.Enqueue, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = queues });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = tasks });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = envelopes });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = due });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = keys, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = ttl });
        command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = modes });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _queueTouchMillis });
        if (prepare)
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var results = new EnqueueResult[n];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            int ord = (int)reader.GetInt64(0) - 1;
            results[ord] = new EnqueueResult(new JobId(reader.GetString(1)), reader.GetBoolean(2));
        }
        return results;
    }

    /// <summary>Runs enqueueOne.sql: a lone job without a unique key.</summary>
    private async Task<EnqueueResult> EnqueueOneAsync(NpgsqlConnection connection, EnqueueRequest request, bool prepare, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_sql.EnqueueOne, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = QueueName.Validate(request.Queue, nameof(request)) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = request.Id.Value ?? throw new ArgumentException("The request has no job id.", nameof(request)) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = request.TaskName ?? "" });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = ToArray(request.Envelope) });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = request.DueAt is { } at ? Millis.DueUnix(at) : 0 });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _queueTouchMillis });
        if (prepare)
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        bool stored = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 1;
        return new EnqueueResult(request.Id, Duplicate: !stored);
    }

    /// <inheritdoc />
    public async ValueTask<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var reply = await AckAndFetchCoreAsync([], request, cancellationToken).ConfigureAwait(false);
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
        return await AckAndFetchCoreAsync(acks, next, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AckAndFetchResult> AckAndFetchCoreAsync(IReadOnlyList<JobAck> acks, FetchRequest? next, CancellationToken cancellationToken)
    {
        var ids = new string[acks.Count];
        var tokens = new long[acks.Count];
        var keep = new long[acks.Count];
        var results = new byte[]?[acks.Count];
        for (int i = 0; i < acks.Count; i++)
        {
            var ack = acks[i] ?? throw new ArgumentNullException(nameof(acks), "An ack in the list is null.");
            ids[i] = ack.Lease.Id.Value;
            tokens[i] = ack.Lease.Token;
            keep[i] = ack.KeepFor is { } k && k > TimeSpan.Zero ? Millis.Ceiling(k) : 0;
            results[i] = ack.Result is { } result ? ToArray(result) : null;
        }
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.AckAndFetch, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = next is null ? [] : [.. next.Queues] });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = next?.Count ?? 0 });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = next is null ? 0 : Math.Max(1, Millis.Ceiling(next.Lease)) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = next?.WorkerId ?? "" });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = tokens });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = keep });
        command.Parameters.Add(new NpgsqlParameter<byte[]?[]> { TypedValue = results, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = Shard() });
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var refused = new List<JobId>();
        var jobs = new List<LeasedJob>();
        DateTimeOffset? nextDue = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                switch (reader.GetInt32(0))
                {
                    case 0:
                        refused.Add(new JobId(reader.GetString(2)));
                        break;
                    case 1:
                        jobs.Add(new LeasedJob
                        {
                            Lease = new JobLease(reader.GetString(1), new JobId(reader.GetString(2)), reader.GetInt64(3)),
                            Attempt = reader.GetInt32(4),
                            Stalls = reader.GetInt32(5),
                            Envelope = reader.GetFieldValue<byte[]>(6),
                        });
                        break;
                    default:
                        nextDue = reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7);
                        break;
                }
            }
        }
        var fetched = jobs.Count > 0 ? new FetchResult { Jobs = jobs } : nextDue is null ? FetchResult.Empty : new FetchResult { Jobs = [], NextDueAt = nextDue };
        return new AckAndFetchResult { Refused = refused, Next = fetched };
    }

    /// <inheritdoc />
    public async ValueTask<bool> FailAsync(JobFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        QueueName.Validate(failure.Lease.Queue, nameof(failure));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.Fail, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = failure.Lease.Id.Value });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = failure.Lease.Token });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = (int)failure.Disposition });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Millis.Ceiling(failure.RetryDelay) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = failure.Error ?? "" });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)_options.KeepCancelledFor.TotalMilliseconds });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = Shard() });
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 1;
    }

    /// <inheritdoc />
    public async ValueTask<LeaseRenewal> ExtendLeasesAsync(IReadOnlyList<JobLease> leases, TimeSpan leaseDuration,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leases);
        if (leases.Count == 0)
            return LeaseRenewal.None;
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.Extend, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = leases.Select(l => l.Id.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = leases.Select(l => l.Token).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Math.Max(1, Millis.Ceiling(leaseDuration)) });
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var lost = new List<JobId>();
        var cancel = new List<JobId>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                (reader.GetBoolean(1) ? lost : cancel).Add(new JobId(reader.GetString(0)));
        }
        return lost.Count == 0 && cancel.Count == 0 ? LeaseRenewal.None : new LeaseRenewal { Lost = lost, CancelRequested = cancel };
    }

    /// <inheritdoc />
    public async ValueTask<int> RecoverExpiredAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        foreach (string queue in queues)
            QueueName.Validate(queue, nameof(queues));
        if (queues.Count == 0)
            return 0;
        var gated = new List<string>();
        int recovered = 0;
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand(_sql.Recover, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. queues] });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)_options.RecoverInterval.TotalMilliseconds });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _options.MaxStalls });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _options.PromoteBatch });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = BrokerOptions.StalledError });
            command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = Shard() });
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                gated.Add(reader.GetString(0));
                recovered += (int)reader.GetInt64(1);
            }
        }
        if (gated.Count > 0)
            await PurgeAsync(connection, gated, cancellationToken).ConfigureAwait(false);
        return recovered;
    }

    /// <summary>Deletes what retention no longer keeps in <paramref name="queues"/>, a batch per statement, until a batch comes back short.</summary>
    private async Task PurgeAsync(NpgsqlConnection connection, List<string> queues, CancellationToken cancellationToken)
    {
        var retention = queues.Select(_options.DeadRetentionFor).ToArray();
        await using var command = new NpgsqlCommand(_sql.Purge, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. queues] });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = retention.Select(r => r.MaxJobs).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = retention.Select(r => (long)r.MaxAge.TotalMilliseconds).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _options.PurgeBatch });
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        for (int round = 0; round < 100; round++)
        {
            long deleted = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            if (deleted < _options.PurgeBatch)
                return;
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> RequeueAsync(JobLease lease, CancellationToken cancellationToken = default)
    {
        QueueName.Validate(lease.Queue, nameof(lease));
        return await ExecuteLeaseAsync(_sql.Requeue, lease, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> SetProgressAsync(JobLease lease, double percent, CancellationToken cancellationToken = default)
    {
        if (double.IsNaN(percent) || percent < 0 || percent > 100)
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "Progress is a percentage from 0 to 100.");
        QueueName.Validate(lease.Queue, nameof(lease));
        return await ExecuteLeaseAsync(_sql.Progress, lease, percent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a statement that takes a lease (id, token) and maybe a percentage, and says whether the lease held.</summary>
    private async Task<bool> ExecuteLeaseAsync(string sql, JobLease lease, double? percent, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = lease.Id.Value });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = lease.Token });
        if (percent is { } value)
            command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = value });
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        if (percent is not null)
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 1;
    }

    /// <inheritdoc />
    public async ValueTask PingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the notification listener, and disposes the data source when the broker created it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync().ConfigureAwait(false);
        if (_ownsDataSource)
            await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A pooled connection, once the schema is in place.</summary>
    private async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A counter row for this statement: acks of concurrent workers update different rows of a queue's counters.</summary>
    private static short Shard() => (short)Random.Shared.Next(16);

    private static byte[] ToArray(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();
}
