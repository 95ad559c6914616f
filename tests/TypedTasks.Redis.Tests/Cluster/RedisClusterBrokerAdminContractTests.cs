using TypedTasks.Brokers;
using TypedTasks.Redis.Tests.Brokers;
using TypedTasks.TestSupport.Brokers;
using Xunit;

namespace TypedTasks.Redis.Tests.Cluster;

/// <summary>The admin contract on a 3-master Redis Cluster: each test's queues land on random slots.</summary>
public sealed class RedisClusterBrokerAdminContractTests(RedisClusterFixture redis) : BrokerAdminContractTests, IClassFixture<RedisClusterFixture>
{
    protected override Task<IBroker> CreateBrokerAsync() => Task.FromResult(RedisAdminBrokers.Create(redis.Connection));
}
