using TypedTasks.Brokers;
using TypedTasks.Redis;
using TypedTasks.TestSupport.Redis;
using Xunit;

namespace TypedTasks.Hosting.Tests;

/// <summary>One 3-master Redis Cluster for the host tests on a cluster; each test uses its own key prefix.</summary>
public sealed class RedisClusterHostFixture : IAsyncLifetime
{
    public RedisCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await RedisCluster.StartAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>The worker and host tests on a Redis Cluster: their queues land on the slots of all three masters.</summary>
public sealed class RedisClusterWorkerHostTests(RedisClusterHostFixture redis) : WorkerHostTests, IClassFixture<RedisClusterHostFixture>
{
    private readonly string _prefix = "hc" + Guid.NewGuid().ToString("N")[..8];

    protected override void UseBroker(TypedTasksOptions options) =>
        options.UseRedis(redis.Cluster.ConnectionString, Options);

    protected override IBroker NewBroker() => new RedisBroker(redis.Cluster.ConnectionString, Options);

    private RedisBrokerOptions Options => new() { KeyPrefix = _prefix, RecoverInterval = TimeSpan.FromMilliseconds(200) };

    [Fact]
    public async Task One_worker_serves_queues_on_all_three_masters_with_due_and_scheduled_jobs()
    {
        // Slots 4247, 8903 and 11958: one in each third of the slots, which redis-cli gives to one master each.
        string[] queues = ["mail", "slow", "q"];
        await using var host = await TestHost.StartAsync(UseBroker, worker: w =>
        {
            foreach (string queue in queues)
                w.Queue(queue, concurrency: 2);
        });
        foreach (string queue in queues)
        {
            await host.Client.EnqueueAsync(new Greet("now"), queue: queue);
            await host.Client.EnqueueAsync(new Greet("later"), queue: queue, runAt: DateTimeOffset.UtcNow.AddMilliseconds(300));
        }

        await Recorder.WaitUntilAsync(() => queues.All(q => host.Recorder.Events.Contains($"hello now attempt 1 queue {q}")
                                                         && host.Recorder.Events.Contains($"hello later attempt 1 queue {q}")),
            TimeSpan.FromSeconds(15), "the jobs of the three masters' queues");
        await using var broker = new RedisBroker(redis.Cluster.ConnectionString, Options);
        foreach (string queue in queues)
            await Recorder.WaitForAsync(() => broker.GetQueueStatsAsync(queue).AsTask(), stats => stats.Succeeded == 2,
                TimeSpan.FromSeconds(5), $"the acks of queue {queue}");
    }
}
