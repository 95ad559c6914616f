using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TypedTasks.Redis.Resp;
using Xunit;

namespace TypedTasks.Redis.Tests.Resp;

/// <summary>A fake server on a loopback socket that answers garbage, never answers, or stops reading: no call hangs.</summary>
public sealed class MisbehavingServerTests
{
    [Fact]
    public async Task A_malformed_reply_closes_the_connection_with_a_protocol_error_and_the_client_reconnects()
    {
        int connections = 0;
        await using var server = FakeServer.Start(async socket =>
        {
            var buffer = new byte[1024];
            int received = await socket.ReceiveAsync(buffer);
            bool first = Interlocked.Increment(ref connections) == 1;
            if (received > 0)
                await socket.SendAsync(first ? "?garbage\r\n"u8.ToArray() : "+PONG\r\n"u8.ToArray());
            await socket.ReceiveAsync(buffer);
        });
        await using var client = new RedisClient($"127.0.0.1:{server.Port}");

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => client.ExecuteAsync("PING", []));

        Assert.IsType<RedisProtocolException>(error.InnerException);
        Assert.Contains("not a RESP2 type", error.Message);
        Assert.Equal("PONG", (await RetryAsync(() => client.ExecuteAsync("PING", []))).AsString());
    }

    [Fact]
    public async Task A_server_that_never_answers_times_calls_out()
    {
        await using var server = FakeServer.Start(async socket =>
        {
            var buffer = new byte[4096];
            while (await socket.ReceiveAsync(buffer) > 0)
            {
            }
        });
        await using var client = new RedisClient($"127.0.0.1:{server.Port},syncTimeout=300");
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RedisTimeoutException>(() => client.ExecuteAsync("GET", ["key"]));

        Assert.Contains("GET", error.Message);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_server_that_stops_reading_fails_the_calls_queued_behind_a_stuck_write()
    {
        // Only the first connection is answered (one PONG): a call that a slow machine sends on a new connection, after
        // the stuck one was closed, must not be answered by a PONG meant for another command.
        int connections = 0;
        await using var server = FakeServer.Start(async socket =>
        {
            if (Interlocked.Increment(ref connections) == 1)
            {
                await socket.ReceiveAsync(new byte[64]);
                await socket.SendAsync("+PONG\r\n"u8.ToArray());
            }
            await Task.Delay(Timeout.Infinite);
        });
        await using var client = new RedisClient($"127.0.0.1:{server.Port},syncTimeout=2000");
        await client.ExecuteAsync("PING", []);
        var payload = RedisArg.From(new byte[512 * 1024]);
        var stopwatch = Stopwatch.StartNew();

        // Far more than the socket buffers hold (32 MiB), so the write loop blocks in a flush; the call after them is
        // never sent.
        var calls = Enumerable.Range(0, 64).Select(i => client.ExecuteAsync("SET", [$"key{i}", payload])).ToList();
        calls.Add(client.ExecuteAsync("PING", []));
        var outcomes = await Task.WhenAll(calls.Select(async call =>
        {
            try
            {
                await call.WaitAsync(TimeSpan.FromSeconds(10));
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }));

        Assert.All(outcomes, e => Assert.True(e is RedisConnectionException or RedisTimeoutException, e?.ToString() ?? "a call succeeded"));
        Assert.IsType<RedisConnectionException>(outcomes[^1]);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    private static async Task<RedisValue> RetryAsync(Func<Task<RedisValue>> call)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private sealed class FakeServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Socket> _sockets = [];
        private Task _accepting = Task.CompletedTask;

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public static FakeServer Start(Func<Socket, Task> serve)
        {
            var server = new FakeServer();
            server._listener.Start();
            server._accepting = server.AcceptAsync(serve);
            return server;
        }

        private async Task AcceptAsync(Func<Socket, Task> serve)
        {
            try
            {
                while (true)
                {
                    var socket = await _listener.AcceptSocketAsync(_stop.Token);
                    // A small receive buffer makes a server that does not read fill up quickly.
                    socket.ReceiveBufferSize = 4096;
                    lock (_sockets)
                        _sockets.Add(socket);
                    _ = Task.Run(async () =>
                    {
                        try
                        {
                            await serve(socket);
                        }
                        catch (SocketException)
                        {
                        }
                        catch (ObjectDisposedException)
                        {
                        }
                    });
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            await _accepting;
            lock (_sockets)
            {
                foreach (var socket in _sockets)
                    socket.Dispose();
            }
            _stop.Dispose();
        }
    }
}
