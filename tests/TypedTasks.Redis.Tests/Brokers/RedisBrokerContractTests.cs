using StackExchange.Redis;
using Xunit;

namespace TypedTasks.Redis.Tests.Brokers;

/// <summary>The broker contract on one Redis.</summary>
public sealed class RedisBrokerContractTests(RedisServerFixture redis) : RedisContractTests, IClassFixture<RedisServerFixture>
{
    protected override IConnectionMultiplexer Connection => redis.Connection;
}
