using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TypedTasks.Brokers;
using TypedTasks.Redis;
using TypedTasks.TestSupport.Redis;
using Xunit;

namespace TypedTasks.Hosting.Tests;

/// <summary>One redis-server for the Redis host tests; each test uses its own key prefix.</summary>
public sealed class RedisHostFixture : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class RedisWorkerHostTests(RedisHostFixture redis) : WorkerHostTests, IClassFixture<RedisHostFixture>
{
    private readonly string _prefix = "h" + Guid.NewGuid().ToString("N")[..8];

    protected override void UseBroker(TypedTasksOptions options) =>
        options.UseRedis(redis.Server.ConnectionString, Options);

    protected override IBroker NewBroker() => new RedisBroker(redis.Server.ConnectionString, Options);

    private RedisBrokerOptions Options => new() { KeyPrefix = _prefix, RecoverInterval = TimeSpan.FromMilliseconds(200) };
}

/// <summary>Tests that stop and start Redis get a server of their own.</summary>
public sealed class RedisOutageHostTests
{
    [Fact]
    public async Task The_health_check_goes_unhealthy_when_Redis_stops_and_healthy_when_it_is_back()
    {
        await using var server = await RedisServer.StartAsync();
        await using var host = await TestHost.StartAsync(o => o.UseRedis(server.ConnectionString),
            configure: b => b.Services.AddHealthChecks().AddTypedTasks());
        var health = host.Host.Services.GetRequiredService<HealthCheckService>();
        var up = await health.CheckHealthAsync();
        Assert.True(up.Status == HealthStatus.Healthy, up.Entries["typedtasks"].Description);

        await server.KillAsync();
        var down = await Recorder.WaitForAsync(() => health.CheckHealthAsync(), r => r.Status == HealthStatus.Unhealthy,
            TimeSpan.FromSeconds(15), "the health check to go unhealthy");
        Assert.Contains("unreachable", down.Entries["typedtasks"].Description);

        await server.StartAgainAsync();
        await Recorder.WaitForAsync(() => health.CheckHealthAsync(), r => r.Status == HealthStatus.Healthy,
            TimeSpan.FromSeconds(15), "the health check to recover");

        await host.Client.EnqueueAsync(new Greet("after the outage"));
        await Recorder.WaitUntilAsync(() => host.Recorder.Events.Contains("hello after the outage attempt 1 queue q"),
            TimeSpan.FromSeconds(15), "a job after the outage");
    }
}
