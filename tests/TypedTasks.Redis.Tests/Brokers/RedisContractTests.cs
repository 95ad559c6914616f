using StackExchange.Redis;
using TypedTasks.Brokers;
using TypedTasks.TestSupport.Brokers;

namespace TypedTasks.Redis.Tests.Brokers;

/// <summary>The broker contract on a Redis deployment the derived class's fixture provides; each broker has its own key prefix.</summary>
public abstract class RedisContractTests : BrokerContractTests
{
    /// <summary>The fixture's connection, which every broker of the class shares.</summary>
    protected abstract IConnectionMultiplexer Connection { get; }

    private static string NewPrefix() => "r" + Guid.NewGuid().ToString("N")[..8];

    protected override Task<IBroker> CreateBrokerAsync() => Create(new RedisBrokerOptions
    {
        KeyPrefix = NewPrefix(),
        RecoverInterval = TimeSpan.FromMilliseconds(100),
    });

    protected override Task<IBroker> CreateBrokerAsync(IReadOnlyDictionary<string, DeadRetention> deadRetentionByQueue) =>
        Create(new RedisBrokerOptions { KeyPrefix = NewPrefix(), DeadRetentionByQueue = deadRetentionByQueue });

    protected override Task<IBroker> CreateBrokerForgettingIdleQueuesAsync(TimeSpan idle) =>
        Create(new RedisBrokerOptions { KeyPrefix = NewPrefix(), ForgetIdleQueuesAfter = idle });

    private Task<IBroker> Create(RedisBrokerOptions options) => Task.FromResult<IBroker>(new RedisBroker(Connection, options));
}
