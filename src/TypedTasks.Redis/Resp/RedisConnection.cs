using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using System.Net.Security;
using System.Net.Sockets;

namespace TypedTasks.Redis.Resp;

/// <summary>
/// One socket to Redis. Any number of callers send at once: each encodes its command into a shared buffer, and
/// everything encoded while the previous write was in flight goes out in the next one (coalescing); a single read loop
/// matches replies to commands in FIFO order. When the socket fails, every command sent or queued fails with <see cref="RedisConnectionException"/>.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private const int InitialBufferSize = 16 * 1024;
    private const int MaxKeptBufferSize = 1024 * 1024;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly PipeReader _input;
    private readonly ConcurrentQueue<PendingCommand> _awaiting = new();
    private readonly Timer _timeouts;
    private readonly Task _readLoop;
    // Callers encode their commands into _unsent under _writeLock; the one flush in progress writes _sending. The caller
    // that finds no flush running starts one on its own thread, and commands encoded meanwhile go out in its next write.
    private readonly object _writeLock = new();
    private ArrayBufferWriter<byte> _unsent = new(InitialBufferSize);
    private ArrayBufferWriter<byte> _sending = new(InitialBufferSize);
    private bool _flushing;
    private readonly List<ReplyBatch> _deliveries = [];
    private readonly long _stuckWriteMilliseconds;
    private long _flushStartedTicks;
    private Exception? _fault;

    private RedisConnection(Socket socket, Stream stream, string endpoint, TimeSpan syncTimeout)
    {
        _socket = socket;
        _stream = stream;
        Endpoint = endpoint;
        _stuckWriteMilliseconds = syncTimeout == Timeout.InfiniteTimeSpan ? long.MaxValue : (long)syncTimeout.TotalMilliseconds;
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        _readLoop = Task.Run(ReadLoopAsync);
        _timeouts = new Timer(static state => ((RedisConnection)state!).ExpireTimedOut(), this, 100, 100);
    }

    public string Endpoint { get; }

    public bool IsHealthy => Volatile.Read(ref _fault) is null;

    /// <summary>Opens a socket to the first endpoint that answers, sets up TLS and runs the handshake (AUTH, SELECT, CLIENT SETNAME).</summary>
    public static async Task<RedisConnection> ConnectAsync(RedisOptions options, CancellationToken cancellationToken)
    {
        Exception? last = null;
        foreach (var (host, port) in options.Endpoints)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            RedisConnection? connection = null;
            try
            {
                await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
                Stream stream = new NetworkStream(socket, ownsSocket: false);
                if (options.Ssl)
                {
                    var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                    await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                    {
                        TargetHost = options.SslHost ?? host,
                        RemoteCertificateValidationCallback = options.CertificateValidation,
                    }, timeout.Token).ConfigureAwait(false);
                    stream = ssl;
                }
                connection = new RedisConnection(socket, stream, $"{host}:{port}", options.SyncTimeout);
                await connection.HandshakeAsync(options, timeout.Token).ConfigureAwait(false);
                return connection;
            }
            catch (Exception e)
            {
                if (connection is not null)
                    await connection.DisposeAsync().ConfigureAwait(false);
                else
                    socket.Dispose();
                if (e is RedisAuthenticationException)
                    throw;
                last = e is OperationCanceledException && !cancellationToken.IsCancellationRequested
                    ? new TimeoutException($"Connecting to {host}:{port} took longer than {options.ConnectTimeout.TotalMilliseconds:0} ms.")
                    : e;
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        throw new RedisConnectionException($"Cannot connect to Redis at {options}: {last?.Message}", last);
    }

    private async Task HandshakeAsync(RedisOptions options, CancellationToken cancellationToken)
    {
        var timeout = options.ConnectTimeout;
        if (options.Password is not null)
        {
            RedisArg[] auth = options.User is null ? [options.Password] : [options.User, options.Password];
            await SendAsync("AUTH", auth, timeout, cancellationToken).ConfigureAwait(false);
        }
        if (options.Database != 0)
            await SendAsync("SELECT", [options.Database], timeout, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(options.ClientName))
            await SendAsync("CLIENT", ["SETNAME", options.ClientName], timeout, cancellationToken).ConfigureAwait(false);
    }

    public Task<RedisValue> SendAsync(string command, IReadOnlyList<RedisArg> args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pending = new PendingCommand(command, args, Deadline(timeout));
        pending.CancelWith(cancellationToken);
        Enqueue(new ReadOnlySpan<PendingCommand>(in pending));
        return pending.Task;
    }

    /// <summary>Sends several commands back to back in one write.</summary>
    public void SendBatch(List<PendingCommand> commands) => Enqueue(CollectionsMarshal.AsSpan(commands));

    public static long Deadline(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)timeout.TotalMilliseconds;

    private void Enqueue(ReadOnlySpan<PendingCommand> commands)
    {
        lock (_writeLock)
        {
            if (Volatile.Read(ref _fault) is { } fault)
            {
                foreach (var command in commands)
                    command.Fail(Lost(fault));
                return;
            }
            foreach (var command in commands)
                Append(command);
            // A caller running inside a reply batch leaves the write to the batch's end, with its neighbours' commands.
            if (ReplyBatch.IsDelivering(this) || !TryStartFlush())
                return;
        }
        _ = FlushLoopAsync();
    }

    /// <summary>Claims the one flush in progress if none runs and there is something to send; call under the write lock.</summary>
    private bool TryStartFlush()
    {
        if (_flushing || _unsent.WrittenCount == 0)
            return false;
        _flushing = true;
        return true;
    }

    private void Append(PendingCommand command)
    {
        // A command cancelled or timed out before it was encoded is not sent at all; once encoded, its reply slot
        // stays in the queue so later replies still match their commands.
        if (command.Task.IsCompleted)
            return;
        RespWriter.WriteCommand(_unsent, command.Command, command.Args);
        _awaiting.Enqueue(command);
    }

    private async Task FlushLoopAsync()
    {
        try
        {
            while (true)
            {
                ArrayBufferWriter<byte> sending;
                lock (_writeLock)
                {
                    if (_unsent.WrittenCount == 0 || _fault is not null)
                    {
                        _flushing = false;
                        return;
                    }
                    sending = _unsent;
                    _unsent = _sending;
                    _sending = sending;
                }
                Volatile.Write(ref _flushStartedTicks, Environment.TickCount64);
                await _stream.WriteAsync(sending.WrittenMemory).ConfigureAwait(false);
                Volatile.Write(ref _flushStartedTicks, 0);
                if (sending.Capacity > MaxKeptBufferSize)
                    _sending = new ArrayBufferWriter<byte>(InitialBufferSize);
                else
                    sending.ResetWrittenCount();
            }
        }
        catch (Exception e)
        {
            Fault(e);
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                var reader = new SequenceReader<byte>(buffer);
                List<PendingCommand>? replies = null;
                while (RespParser.TryParse(ref reader, out var reply))
                {
                    if (!_awaiting.TryDequeue(out var command))
                        throw new RedisProtocolException("The server sent a reply no command was waiting for.");
                    if (reply.Error is { } error)
                        command.SetError(RedisServerException.For(error));
                    else
                        command.SetReply(reply.Value);
                    (replies ??= []).Add(command);
                }
                _input.AdvanceTo(reader.Position, buffer.End);
                if (replies is not null)
                    Deliver(new ReplyBatch(this, replies));
                if (result.IsCompleted)
                    throw new IOException(reader.Remaining > 0 ? "The server closed the connection in the middle of a reply." : "The server closed the connection.");
            }
        }
        catch (Exception e)
        {
            Fault(e);
        }
    }

    private void Deliver(ReplyBatch batch)
    {
        lock (_deliveries)
            _deliveries.Add(batch);
        ThreadPool.UnsafeQueueUserWorkItem(batch, preferLocal: true);
    }

    /// <summary>Called by each thread that ran <paramref name="batch"/>: writes what its callers sent meanwhile.</summary>
    public void OnBatchDelivered(ReplyBatch batch, bool last)
    {
        if (last)
        {
            lock (_deliveries)
                _deliveries.Remove(batch);
        }
        FlushUnsent();
    }

    private void FlushUnsent()
    {
        lock (_writeLock)
        {
            if (!TryStartFlush())
                return;
        }
        _ = FlushLoopAsync();
    }

    private void RescueSlowDeliveries(long now)
    {
        bool rescued = false;
        lock (_deliveries)
        {
            foreach (var batch in _deliveries)
            {
                if (batch.DueTicks < now)
                {
                    batch.Rescue();
                    rescued = true;
                }
            }
        }
        if (rescued)
            FlushUnsent();
    }

    private void ExpireTimedOut()
    {
        long now = Environment.TickCount64;
        // A server that stops reading leaves the write loop in a flush forever, and the commands queued behind it
        // were never sent: closing the connection fails them all instead of letting them hang.
        long flushStarted = Volatile.Read(ref _flushStartedTicks);
        if (flushStarted != 0 && now - flushStarted > _stuckWriteMilliseconds)
        {
            Fault(new TimeoutException($"Redis at {Endpoint} did not take the commands written to it within {_stuckWriteMilliseconds} ms."));
            return;
        }
        RescueSlowDeliveries(now);
        // Replies come in order and deadlines grow with the send order, so only a due head needs the full sweep
        // (enumerating the queue on every tick would make it allocate new segments under load).
        if (!_awaiting.TryPeek(out var head) || head.Deadline >= now)
            return;
        foreach (var command in _awaiting)
        {
            if (command.Deadline < now && !command.Task.IsCompleted)
                command.Fail(new RedisTimeoutException($"Redis at {Endpoint} did not answer {command.Command} in time."));
        }
    }

    private void Fault(Exception error)
    {
        if (Interlocked.CompareExchange(ref _fault, error, null) is null)
        {
            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception)
            {
                // Already closed.
            }
            _socket.Dispose();
        }
        // Appends check the fault under the write lock: once this lock has been taken, no reply slot is added after
        // the drain below and no new write starts.
        lock (_writeLock)
        {
            _flushing = true;
        }
        var lost = Lost(_fault!);
        while (_awaiting.TryDequeue(out var command))
            command.Fail(lost);
    }

    private RedisConnectionException Lost(Exception error) => error is RedisProtocolException
        ? new RedisConnectionException($"The connection to Redis at {Endpoint} was closed: {error.Message}", error)
        : new RedisConnectionException($"The connection to Redis at {Endpoint} was lost: {error.Message}", error);

    public async ValueTask DisposeAsync()
    {
        Fault(new ObjectDisposedException(nameof(RedisConnection), "The Redis client was disposed."));
        await _timeouts.DisposeAsync().ConfigureAwait(false);
        await _readLoop.ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
