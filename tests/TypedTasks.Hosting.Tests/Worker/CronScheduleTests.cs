using Microsoft.Extensions.DependencyInjection;
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
            await Recorder.WaitUntilAsync(() => FireTimes(hosts).Distinct().Count() >= 3, TimeSpan.FromSeconds(20), "three fire times to run");
        }
        finally
        {
            foreach (var host in hosts)
                await host.Host.StopAsync();
        }

        var fireTimes = FireTimes(hosts);
        Assert.InRange(fireTimes.Distinct().Count(), 3, 5);
        Assert.Equal(fireTimes.Count, fireTimes.Distinct().Count());
        foreach (var host in hosts)
            host.Host.Dispose();
    }

    /// <summary>The fire time of each "every-second" run the hosts recorded (a cron job's id names its fire time).</summary>
    private static List<string> FireTimes(IEnumerable<TestHost> hosts) =>
        hosts.SelectMany(h => h.Recorder.Events).Where(e => e.StartsWith("tick every-second", StringComparison.Ordinal))
            .Select(run => run.Split(' ')[2].Split(':').Last()).ToList();

    [Fact]
    public async Task A_cron_job_never_starts_before_its_fire_time_even_when_timers_fire_early()
    {
        // Timers 30 ms early: a scheduler that enqueued each fire for "now" when its timer fired started the job early.
        await using var host = await TestHost.StartAsync(SharedBroker(),
            configure: b => b.Services.AddSingleton<TimeProvider>(new EarlyTimers(TimeSpan.FromMilliseconds(30))),
            worker: w => w.Schedule(new Tick("on-time"), "* * * * * *"));
        await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("tick on-time") >= 3, what: "three fires");

        foreach (var run in host.Recorder.Events.Where(e => e.StartsWith("tick on-time", StringComparison.Ordinal)))
        {
            var parts = run.Split(' ');
            long fireMs = long.Parse(parts[2].Split(':').Last()) * 1000, startedMs = long.Parse(parts[4]);
            Assert.True(startedMs >= fireMs, $"{run}: started {fireMs - startedMs} ms before its fire time");
        }
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
        var error = Assert.Throws<FormatException>(() => new WorkerOptions().Schedule(new Tick("x"), "61 * * * *"));
        Assert.Contains("Minutes", error.Message);
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
