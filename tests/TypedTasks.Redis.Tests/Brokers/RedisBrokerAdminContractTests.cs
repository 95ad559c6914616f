using StackExchange.Redis;
using TypedTasks.Brokers;
using TypedTasks.TestSupport.Brokers;
using Xunit;

namespace TypedTasks.Redis.Tests.Brokers;

/// <summary>The admin contract on one Redis; each broker has its own key prefix.</summary>
public sealed class RedisBrokerAdminContractTests(RedisServerFixture redis) : BrokerAdminContractTests, IClassFixture<RedisServerFixture>
{
    protected override Task<IBroker> CreateBrokerAsync() => Task.FromResult(RedisAdminBrokers.Create(redis.Connection));
}

/// <summary>Brokers for the admin contract, each under a key prefix of its own.</summary>
internal static class RedisAdminBrokers
{
    public static IBroker Create(IConnectionMultiplexer connection) =>
        new RedisBroker(connection, new RedisBrokerOptions { KeyPrefix = "adm" + Guid.NewGuid().ToString("N")[..8] });
}
