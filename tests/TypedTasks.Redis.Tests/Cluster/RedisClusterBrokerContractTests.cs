using StackExchange.Redis;
using TypedTasks.Redis.Tests.Brokers;
using Xunit;

namespace TypedTasks.Redis.Tests.Cluster;

/// <summary>
/// The broker contract on a 3-master Redis Cluster: each test's queues get random names, so they land on random slots
/// of all three masters, and multi-queue calls are split per slot.
/// </summary>
public sealed class RedisClusterBrokerContractTests(RedisClusterFixture redis) : RedisContractTests, IClassFixture<RedisClusterFixture>
{
    protected override IConnectionMultiplexer Connection => redis.Connection;
}
