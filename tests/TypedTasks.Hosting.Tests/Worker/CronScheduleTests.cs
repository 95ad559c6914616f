using TypedTasks.Brokers;
using Xunit;

namespace TypedTasks.Hosting.Tests;

/// <summary>Cron schedules declared by every worker host fire exactly once per fire time.</summary>
public abstract class CronScheduleTests
{
    protected abstract Action<TypedTasksOptions> SharedBroker();

    [Fact]
    public async Task Four_worker_hosts_with_the_same_schedule_run_each_fire_time_once()
    {
        var broker = SharedBroker();
        var hosts = new List<TestHost>();
        try
        {
            for (int i = 0; i < 4; i++)
                hosts.Add(await TestHost.StartAsync(broker, worker: w => w.Schedule(new Tick("every-second"), "* * * * * *")));
            await Task.Delay(3500);
        }
        finally
        {
            foreach (var host in hosts)
                await host.Host.StopAsync();
        }

        var runs = hosts.SelectMany(h => h.Recorder.Events).Where(e => e.StartsWith("tick every-second", StringComparison.Ordinal)).ToList();
        var fireTimes = runs.Select(r => r.Split(' ')[2].Split(':').Last()).ToList();
        Assert.InRange(fireTimes.Distinct().Count(), 2, 5);
        Assert.Equal(fireTimes.Count, fireTimes.Distinct().Count());
        foreach (var host in hosts)
            host.Host.Dispose();
    }

    [Fact]
    public async Task A_run_once_schedule_catches_up_its_last_missed_fire_time()
    {
        await using var host = await TestHost.StartAsync(SharedBroker(), worker: w => w.Schedule(new Tick("daily"), "0 0 * * *", missed: MissedFirePolicy.RunOnce));

        await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("tick daily") == 1, what: "the missed midnight run");
        long midnight = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).ToUnixTimeSeconds();
        Assert.Contains($":{midnight} at ", host.Recorder.Events.Single(e => e.StartsWith("tick daily", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_malformed_expression_fails_at_configuration_time()
    {
        var error = Assert.Throws<TypedTasks.Scheduling.CronFormatException>(() => new WorkerOptions().Schedule(new Tick("x"), "61 * * * *"));
        Assert.Contains("minute", error.Message);
    }
}

public sealed class InMemoryCronScheduleTests : CronScheduleTests
{
    private readonly InMemoryBroker _broker = new();

    protected override Action<TypedTasksOptions> SharedBroker() => o => o.UseBroker(_ => _broker, "shared in-memory");
}

public sealed class RedisCronScheduleTests(RedisHostFixture redis) : CronScheduleTests, IClassFixture<RedisHostFixture>
{
    private readonly string _prefix = "s" + Guid.NewGuid().ToString("N")[..8];

    protected override Action<TypedTasksOptions> SharedBroker() =>
        o => o.UseRedis(redis.Server.ConnectionString, new TypedTasks.Redis.RedisBrokerOptions { KeyPrefix = _prefix });
}
