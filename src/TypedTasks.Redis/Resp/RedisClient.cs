using System.Collections.Concurrent;
using System.Globalization;

namespace TypedTasks.Redis.Resp;

/// <summary>
/// TypedTasks' Redis client: one multiplexed connection for ordinary commands (shared by every caller, replies
/// matched in order, writes coalesced), a pool of dedicated connections for blocking commands, scripts sent by SHA1
/// and reloaded transparently, and reconnection with exponential backoff and jitter. A call never hangs: it gets
/// its reply, a <see cref="RedisServerException"/>, a <see cref="RedisTimeoutException"/> or a
/// <see cref="RedisConnectionException"/>.
/// </summary>
/// <remarks>
/// Replies are delivered event-loop style: the callers whose replies came in one socket read resume one after the
/// other on one thread-pool thread, and the commands they send meanwhile go out in one write. Code after
/// <c>await</c> on this client should therefore not block or run long before its next <c>await</c>; if it does, the
/// client moves the other replies of that read to another thread after 50 ms. Errors, timeouts and cancellations
/// resume callers on the thread pool.
/// </remarks>
public sealed class RedisClient : IAsyncDisposable
{
    private static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromMilliseconds(50);

    private readonly RedisOptions _options;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly ConcurrentBag<RedisConnection> _blockingPool = [];
    private RedisConnection? _connection;
    private long _nextAttemptTicks;
    private int _failures;
    private Exception? _lastFailure;
    private bool _disposed;

    /// <summary>Creates a client for <paramref name="connectionString"/>; it connects on first use.</summary>
    public RedisClient(string connectionString)
        : this(RedisOptions.Parse(connectionString))
    {
    }

    /// <summary>Creates a client with parsed options; it connects on first use.</summary>
    public RedisClient(RedisOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.Endpoints.Count == 0)
            throw new ArgumentException("The Redis options name no endpoint.", nameof(options));
    }

    /// <summary>The options in use.</summary>
    public RedisOptions Options => _options;

    /// <summary>Sends a command and returns its reply.</summary>
    public Task<RedisValue> ExecuteAsync(string command, IReadOnlyList<RedisArg> args, CancellationToken cancellationToken = default)
    {
        var connection = _connection;
        if (connection is { IsHealthy: true })
            return connection.SendAsync(command, args, _options.SyncTimeout, cancellationToken);
        return ExecuteSlowAsync(command, args, cancellationToken);
    }

    private async Task<RedisValue> ExecuteSlowAsync(string command, IReadOnlyList<RedisArg> args, CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.SendAsync(command, args, _options.SyncTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a script with <c>EVALSHA</c>, loading it first if the server does not have it.</summary>
    public async Task<RedisValue> EvalAsync(RedisScript script, IReadOnlyList<string> keys, IReadOnlyList<RedisArg> args,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        var evalArgs = new EvalArgs(script, keys, args);
        try
        {
            return await ExecuteAsync("EVALSHA", evalArgs, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisNoScriptException)
        {
            await LoadAsync(script, cancellationToken).ConfigureAwait(false);
            return await ExecuteAsync("EVALSHA", evalArgs, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Loads a script into the server's script cache.</summary>
    public Task LoadAsync(RedisScript script, CancellationToken cancellationToken = default) =>
        ExecuteAsync("SCRIPT", ["LOAD", script.Source], cancellationToken);

    /// <summary>
    /// Sends a blocking command (<c>BZPOPMIN</c>, <c>BLMOVE</c>, ...) on a dedicated connection, so it never holds up
    /// other callers. Its last argument, when a number, is taken as the server-side timeout in seconds. Cancelling
    /// closes that connection.
    /// </summary>
    public async Task<RedisValue> ExecuteBlockingAsync(string command, IReadOnlyList<RedisArg> args, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var timeout = _options.SyncTimeout;
        if (args.Count > 0 && double.TryParse(args[^1].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
            timeout = seconds <= 0 ? Timeout.InfiniteTimeSpan : timeout + TimeSpan.FromSeconds(seconds);
        if (!_blockingPool.TryTake(out var connection) || !connection.IsHealthy)
        {
            if (connection is not null)
                await connection.DisposeAsync().ConfigureAwait(false);
            await ThrowIfBackingOffAsync().ConfigureAwait(false);
            connection = await RedisConnection.ConnectAsync(_options, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            var reply = await connection.SendAsync(command, args, timeout, cancellationToken).ConfigureAwait(false);
            Return(connection);
            return reply;
        }
        catch (RedisServerException)
        {
            Return(connection);
            throw;
        }
        catch
        {
            // Cancelled or timed out while the server still blocks on it: this connection's next reply is stale.
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts a batch: commands added to it go out in one write when it is executed.</summary>
    public RedisBatch CreateBatch() => new(this);

    internal async Task SendBatchAsync(List<PendingCommand> commands, CancellationToken cancellationToken)
    {
        RedisConnection connection;
        try
        {
            connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            foreach (var command in commands)
                command.Fail(e);
            throw;
        }
        long deadline = RedisConnection.Deadline(_options.SyncTimeout);
        foreach (var command in commands)
        {
            command.Deadline = deadline;
            command.CancelWith(cancellationToken);
        }
        connection.SendBatch(commands);
    }

    private void Return(RedisConnection connection)
    {
        if (!_disposed && connection.IsHealthy && _blockingPool.Count < 64)
            _blockingPool.Add(connection);
        else
            _ = connection.DisposeAsync().AsTask();
    }

    private async ValueTask<RedisConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var current = _connection;
        if (current is { IsHealthy: true })
            return current;
        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            current = _connection;
            if (current is { IsHealthy: true })
                return current;
            if (current is not null)
            {
                _connection = null;
                _ = current.DisposeAsync().AsTask();
            }
            await ThrowIfBackingOffAsync().ConfigureAwait(false);
            try
            {
                var connection = await RedisConnection.ConnectAsync(_options, cancellationToken).ConfigureAwait(false);
                _failures = 0;
                _connection = connection;
                return connection;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _failures++;
                _lastFailure = e;
                double delay = Math.Min(_options.MaxReconnectDelay.TotalMilliseconds,
                    FirstReconnectDelay.TotalMilliseconds * Math.Pow(2, Math.Min(_failures - 1, 16)));
                delay *= 0.5 + Random.Shared.NextDouble() / 2;
                Volatile.Write(ref _nextAttemptTicks, Environment.TickCount64 + (long)delay);
                throw e as RedisException ?? new RedisConnectionException($"Cannot connect to Redis at {_options}: {e.Message}", e);
            }
        }
        finally
        {
            _connectGate.Release();
        }
    }

    private ValueTask ThrowIfBackingOffAsync()
    {
        long wait = Volatile.Read(ref _nextAttemptTicks) - Environment.TickCount64;
        if (wait > 0 && _lastFailure is { } failure)
            throw new RedisConnectionException(
                $"Redis at {_options} is unreachable ({failure.Message}); the next connection attempt is in {wait} ms.", failure);
        return default;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (_connection is { } connection)
            await connection.DisposeAsync().ConfigureAwait(false);
        while (_blockingPool.TryTake(out var blocking))
            await blocking.DisposeAsync().ConfigureAwait(false);
    }
}
