using TypedTasks.Brokers;
using TypedTasks.Testing.Brokers;
using Xunit;

namespace TypedTasks.Redis.Tests.Cluster;

/// <summary>
/// The broker contract on a 3-master Redis Cluster: each test's queues get random names, so they land on random slots
/// of all three masters, and multi-queue calls are split per slot.
/// </summary>
public sealed class RedisClusterBrokerContractTests(RedisClusterFixture redis) : BrokerContractTests, IClassFixture<RedisClusterFixture>
{
    protected override Task<IBroker> CreateBrokerAsync() => Task.FromResult<IBroker>(redis.NewBroker());

    protected override Task<IBroker> CreateBrokerAsync(IReadOnlyDictionary<string, DeadRetention> deadRetentionByQueue) =>
        Task.FromResult<IBroker>(new RedisBroker(redis.Connection, new RedisBrokerOptions
        {
            KeyPrefix = "r" + Guid.NewGuid().ToString("N")[..8],
            DeadRetentionByQueue = deadRetentionByQueue,
        }));

    protected override Task<IBroker> CreateBrokerForgettingIdleQueuesAsync(TimeSpan idle) =>
        Task.FromResult<IBroker>(new RedisBroker(redis.Connection, new RedisBrokerOptions
        {
            KeyPrefix = "f" + Guid.NewGuid().ToString("N")[..8],
            ForgetIdleQueuesAfter = idle,
        }));
}
