using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using TypedTasks.Redis.Resp;
using TypedTasks.Testing.Redis;
using Xunit;

namespace TypedTasks.Redis.Tests.Resp;

/// <summary>Authentication, TLS, server restarts and crashes: each test runs its own redis-server.</summary>
public sealed class RedisFaultTests
{
    [Fact]
    public async Task A_password_and_an_ACL_user_authenticate_and_a_wrong_password_is_a_typed_error()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions
        {
            Password = "s3cret",
            AclUsers = ["alice on >wonderland ~* &* +@all"],
        });

        await using (var client = new RedisClient($"127.0.0.1:{server.Port},password=s3cret"))
            Assert.Equal("PONG", (await client.ExecuteAsync("PING", [])).AsString());
        await using (var alice = new RedisClient($"127.0.0.1:{server.Port},user=alice,password=wonderland"))
            Assert.Equal("alice", (await alice.ExecuteAsync("ACL", ["WHOAMI"])).AsString());
        await using (var uri = new RedisClient($"redis://alice:wonderland@127.0.0.1:{server.Port}"))
            Assert.Equal("alice", (await uri.ExecuteAsync("ACL", ["WHOAMI"])).AsString());
        await using (var wrong = new RedisClient($"127.0.0.1:{server.Port},password=nope"))
            await Assert.ThrowsAsync<RedisAuthenticationException>(() => wrong.ExecuteAsync("PING", []));
        await using (var none = new RedisClient($"127.0.0.1:{server.Port}"))
            Assert.Equal("NOAUTH", (await Assert.ThrowsAsync<RedisAuthenticationException>(() => none.ExecuteAsync("PING", []))).Prefix);
    }

    [Fact]
    public async Task Commands_round_trip_over_TLS()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Tls = true });
        var options = RedisOptions.Parse(server.ConnectionString);
        string expected = server.Certificate!.Thumbprint;
        options.CertificateValidation = (_, certificate, _, _) => certificate is not null && new X509Certificate2(certificate).Thumbprint == expected;
        await using var client = new RedisClient(options);

        Assert.Equal("over tls", (await client.ExecuteAsync("ECHO", ["over tls"])).AsString());

        options.CertificateValidation = (_, _, _, _) => false;
        await using var distrustful = new RedisClient(options);
        await Assert.ThrowsAsync<RedisConnectionException>(() => distrustful.ExecuteAsync("PING", []));
    }

    [Fact]
    public async Task Scripts_still_run_after_a_server_restart()
    {
        await using var server = await RedisServer.StartAsync();
        await using var client = new RedisClient(server.ConnectionString);
        var script = new RedisScript("return ARGV[1] .. '!'");
        Assert.Equal("a!", (await client.EvalAsync(script, [], ["a"])).AsString());

        await server.RestartAsync();

        var reply = await Retry(() => client.EvalAsync(script, [], ["b"]));
        Assert.Equal("b!", reply.AsString());
    }

    [Fact]
    public async Task A_killed_server_fails_in_flight_calls_fast_and_the_same_client_recovers()
    {
        await using var server = await RedisServer.StartAsync();
        await using var client = new RedisClient(server.ConnectionString);
        await client.ExecuteAsync("PING", []);
        using var stop = new CancellationTokenSource();
        int succeeded = 0;
        var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var load = Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await client.ExecuteAsync("INCR", ["counter"]);
                    Interlocked.Increment(ref succeeded);
                }
                catch (Exception e)
                {
                    errors.Add(e);
                    await Task.Delay(10);
                }
            }
        })).ToArray();
        await Task.Delay(300);

        var killedAt = Stopwatch.StartNew();
        await server.KillAsync();
        await Task.Delay(500);
        stop.Cancel();
        var drained = Task.WhenAll(load);
        Assert.Same(drained, await Task.WhenAny(drained, Task.Delay(5000)));
        Assert.True(succeeded > 0);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.IsType<RedisConnectionException>(e));

        await server.StartAgainAsync();
        var reply = await Retry(() => client.ExecuteAsync("PING", []));
        Assert.Equal("PONG", reply.AsString());
        Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task An_unreachable_server_fails_fast_with_a_clear_error()
    {
        var stopwatch = Stopwatch.StartNew();
        await using var client = new RedisClient("127.0.0.1:1,connectTimeout=1000");

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => client.ExecuteAsync("PING", []));

        Assert.Contains("127.0.0.1:1", error.Message);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5));
        var again = await Assert.ThrowsAsync<RedisConnectionException>(() => client.ExecuteAsync("PING", []));
        Assert.Contains("127.0.0.1:1", again.Message);
    }

    private static async Task<RedisValue> Retry(Func<Task<RedisValue>> call)
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
                await Task.Delay(100);
            }
        }
    }
}
