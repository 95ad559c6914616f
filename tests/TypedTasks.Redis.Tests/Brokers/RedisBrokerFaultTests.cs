using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using StackExchange.Redis;
using TypedTasks.Brokers;
using TypedTasks.TestSupport.Redis;
using Xunit;

namespace TypedTasks.Redis.Tests.Brokers;

/// <summary>
/// The broker over StackExchange.Redis when things go wrong: credentials, TLS, a wrong or unreachable address, a server
/// that is killed, restarted (AOF), frozen (SIGSTOP) or whose connections are killed. Each test runs its own server.
/// </summary>
public sealed class RedisBrokerFaultTests
{
    private static EnqueueRequest Job(string queue = "faults") => new()
    {
        Id = JobId.New(),
        Queue = queue,
        TaskName = "fault.task",
        Envelope = Encoding.UTF8.GetBytes("payload"),
    };

    private static FetchRequest Fetch(string queue = "faults") => new() { Queues = [queue], Count = 10, WorkerId = "w" };

    [Fact]
    public async Task A_password_and_an_ACL_user_authenticate_and_a_wrong_password_fails_at_start_with_a_clear_error()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions
        {
            Password = "s3cret",
            AclUsers = ["alice on >wonderland ~* &* +@all"],
        });

        await using (var broker = new RedisBroker($"127.0.0.1:{server.Port},password=s3cret"))
            await broker.EnqueueAsync(Job());
        await using (var alice = new RedisBroker($"127.0.0.1:{server.Port},user=alice,password=wonderland"))
            Assert.Single((await alice.FetchAsync(Fetch())).Jobs);
        await using (var uri = new RedisBroker($"redis://alice:wonderland@127.0.0.1:{server.Port}/0"))
            await uri.PingAsync();

        var wrong = Assert.Throws<InvalidOperationException>(() => new RedisBroker($"127.0.0.1:{server.Port},password=nope,connectTimeout=2000"));
        Assert.Contains($"127.0.0.1:{server.Port}", wrong.Message);
        Assert.DoesNotContain("nope", wrong.Message);
        Assert.Throws<InvalidOperationException>(() => new RedisBroker($"127.0.0.1:{server.Port},connectTimeout=2000"));
    }

    [Fact]
    public async Task Jobs_round_trip_over_TLS_and_an_untrusted_certificate_fails_at_start()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Tls = true });
        string expected = server.Certificate!.Thumbprint;
        var trusting = ConfigurationOptions.Parse(server.ConnectionString);
        trusting.CertificateValidation += (_, certificate, _, _) => certificate is not null && new X509Certificate2(certificate).Thumbprint == expected;
        await using (var broker = new RedisBroker(trusting))
        {
            await broker.EnqueueAsync(Job());
            Assert.Single((await broker.FetchAsync(Fetch())).Jobs);
        }

        var distrustful = ConfigurationOptions.Parse(server.ConnectionString + ",connectTimeout=2000");
        distrustful.CertificateValidation += (_, _, _, _) => false;
        Assert.Throws<InvalidOperationException>(() => new RedisBroker(distrustful));
    }

    [Fact]
    public void A_malformed_connection_string_and_an_unreachable_server_fail_fast_with_clear_errors()
    {
        var malformed = Assert.Throws<ArgumentException>(() => new RedisBroker("localhost:6379,nosuchoption=1,password=hunter2"));
        Assert.Contains("StackExchange.Redis syntax", malformed.Message);
        Assert.DoesNotContain("hunter2", malformed.Message);

        var clock = Stopwatch.StartNew();
        var unreachable = Assert.Throws<InvalidOperationException>(() => new RedisBroker("127.0.0.1:1,connectTimeout=1000"));
        Assert.Contains("127.0.0.1:1", unreachable.Message);
        Assert.Contains("UseRedis", unreachable.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Jobs_and_scripts_survive_a_restart_with_AOF()
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { AppendOnly = true });
        await using var broker = new RedisBroker(server.ConnectionString);
        var ids = new HashSet<JobId>();
        for (int i = 0; i < 20; i++)
            ids.Add((await broker.EnqueueAsync(Job())).Id);

        // The restarted server has an empty script cache: every script answers NOSCRIPT once and is loaded again.
        await server.RestartAsync();

        var fetched = await RetryAsync(() => broker.FetchAsync(new FetchRequest { Queues = ["faults"], Count = 50, WorkerId = "w" }).AsTask());
        Assert.Equal(ids, fetched.Jobs.Select(j => j.Id).ToHashSet());
        await broker.AckAndFetchAsync(fetched.Jobs.Select(j => new JobAck { Lease = j.Lease }).ToList(), null);
        Assert.Equal(20, (await broker.GetQueueStatsAsync("faults")).Succeeded);
    }

    [Fact]
    public async Task A_killed_server_fails_calls_fast_and_the_same_broker_recovers_when_it_is_back()
    {
        await using var server = await RedisServer.StartAsync();
        await using var broker = new RedisBroker(server.ConnectionString + ",syncTimeout=2000,asyncTimeout=2000");
        await broker.EnqueueAsync(Job());

        await server.KillAsync();
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAnyAsync<RedisException>(() => broker.EnqueueAsync(Job()).AsTask());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"the call failed after {clock.Elapsed}: {error.Message}");

        await server.StartAgainAsync();
        await RetryAsync(() => broker.EnqueueAsync(Job()).AsTask());
        Assert.Single((await broker.FetchAsync(Fetch())).Jobs);
    }

    [Fact]
    public async Task A_frozen_server_times_calls_out_and_a_thawed_one_answers_again()
    {
        await using var server = await RedisServer.StartAsync();
        await using var broker = new RedisBroker(server.ConnectionString + ",syncTimeout=500,asyncTimeout=500");
        await broker.EnqueueAsync(Job());

        Signal("STOP", server.ProcessId);
        try
        {
            var clock = Stopwatch.StartNew();
            await Assert.ThrowsAsync<RedisTimeoutException>(() => broker.FetchAsync(Fetch()).AsTask());
            Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
        }
        finally
        {
            Signal("CONT", server.ProcessId);
        }

        var jobs = await RetryAsync(async () => (await broker.FetchAsync(Fetch())).Jobs);
        Assert.Single(jobs);
    }

    [Fact]
    public async Task Connections_killed_by_CLIENT_KILL_come_back_and_no_job_is_lost()
    {
        await using var server = await RedisServer.StartAsync();
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        await using var broker = new RedisBroker(server.ConnectionString);
        var enqueued = new HashSet<JobId>();
        for (int round = 0; round < 5; round++)
        {
            for (int i = 0; i < 20; i++)
                enqueued.Add((await RetryAsync(() => broker.EnqueueAsync(Job()).AsTask())).Id);
            await admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "SKIPME", "yes");
        }

        var fetched = new HashSet<JobId>();
        while (fetched.Count < enqueued.Count)
        {
            var jobs = await RetryAsync(async () => (await broker.FetchAsync(new FetchRequest { Queues = ["faults"], Count = 100, WorkerId = "w" })).Jobs);
            Assert.NotEmpty(jobs);
            fetched.UnionWith(jobs.Select(j => j.Id));
        }
        Assert.Equal(enqueued, fetched);
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", $"-{signal} {pid}");
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Retries a call while the connection comes back (StackExchange.Redis reconnects on its own).</summary>
    private static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (e is RedisException or TimeoutException && DateTime.UtcNow < deadline)
            {
                // The pace of the retries; the wait ends when the call succeeds.
                await Task.Delay(100);
            }
        }
    }
}
