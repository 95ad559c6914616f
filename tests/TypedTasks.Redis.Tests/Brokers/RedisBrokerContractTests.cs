using TypedTasks.Brokers;
using TypedTasks.Testing.Brokers;
using Xunit;

namespace TypedTasks.Redis.Tests.Brokers;

/// <summary>The broker contract on Redis.</summary>
public sealed class RedisBrokerContractTests(RedisServerFixture redis) : BrokerContractTests, IClassFixture<RedisServerFixture>
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
