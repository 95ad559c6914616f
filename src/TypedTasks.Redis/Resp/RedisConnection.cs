using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading.Channels;

namespace TypedTasks.Redis.Resp;

/// <summary>
/// One socket to Redis. Any number of callers send at once: a single write loop drains everything queued while the
/// previous flush was in flight into one write (coalescing), and a single read loop matches replies to commands in
/// FIFO order. When the socket fails, every command sent or queued fails with <see cref="RedisConnectionException"/>.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    // Synchronous continuations let the caller that wakes the idle write loop run it on its own thread (no thread-pool
    // hop per wake-up); the loop never blocks, it only encodes and starts the flush.
    private readonly Channel<object> _outgoing = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly ConcurrentQueue<PendingCommand> _awaiting = new();
    private readonly Timer _timeouts;
    private readonly Task _writeLoop;
    private readonly Task _readLoop;
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
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
        _writeLoop = Task.Run(WriteLoopAsync);
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
        Enqueue(pending);
        return pending.Task;
    }

    /// <summary>Sends several commands back to back in one write.</summary>
    public void SendBatch(List<PendingCommand> commands) => Enqueue(commands);

    public static long Deadline(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)timeout.TotalMilliseconds;

    private void Enqueue(object item)
    {
        if (Volatile.Read(ref _fault) is { } fault || !_outgoing.Writer.TryWrite(item))
            FailItem(item, Lost(Volatile.Read(ref _fault) ?? new ObjectDisposedException(nameof(RedisConnection))));
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            var reader = _outgoing.Reader;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    if (item is PendingCommand single)
                        Write(single);
                    else
                        foreach (var command in (List<PendingCommand>)item)
                            Write(command);
                }
                Volatile.Write(ref _flushStartedTicks, Environment.TickCount64);
                var flush = await _output.FlushAsync().ConfigureAwait(false);
                Volatile.Write(ref _flushStartedTicks, 0);
                if (flush.IsCompleted)
                    throw new IOException("The connection's output was closed.");
            }
        }
        catch (Exception e)
        {
            Fault(e);
        }
    }

    private void Write(PendingCommand command)
    {
        // A command cancelled or timed out before it went out is not sent at all; once written, its reply slot stays
        // in the queue so later replies still match their commands.
        if (command.Task.IsCompleted)
            return;
        RespWriter.WriteCommand(_output, command.Command, command.Args);
        _awaiting.Enqueue(command);
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
                while (RespParser.TryParse(ref reader, out var reply))
                {
                    if (!_awaiting.TryDequeue(out var command))
                        throw new RedisProtocolException("The server sent a reply no command was waiting for.");
                    if (reply.Error is { } error)
                        command.Fail(RedisServerException.For(error));
                    else
                        command.Complete(reply.Value);
                }
                _input.AdvanceTo(reader.Position, buffer.End);
                if (result.IsCompleted)
                    throw new IOException(reader.Remaining > 0 ? "The server closed the connection in the middle of a reply." : "The server closed the connection.");
            }
        }
        catch (Exception e)
        {
            Fault(e);
        }
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
            _outgoing.Writer.TryComplete();
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
        // Drained on every call: the write loop may have queued a reply slot after an earlier drain.
        var lost = Lost(_fault!);
        while (_awaiting.TryDequeue(out var command))
            command.Fail(lost);
        while (_outgoing.Reader.TryRead(out var item))
            FailItem(item, lost);
    }

    private RedisConnectionException Lost(Exception error) => error is RedisProtocolException
        ? new RedisConnectionException($"The connection to Redis at {Endpoint} was closed: {error.Message}", error)
        : new RedisConnectionException($"The connection to Redis at {Endpoint} was lost: {error.Message}", error);

    private static void FailItem(object item, Exception error)
    {
        if (item is PendingCommand single)
            single.Fail(error);
        else
            foreach (var command in (List<PendingCommand>)item)
                command.Fail(error);
    }

    public async ValueTask DisposeAsync()
    {
        Fault(new ObjectDisposedException(nameof(RedisConnection), "The Redis client was disposed."));
        await _timeouts.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAll(_writeLoop, _readLoop).ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
