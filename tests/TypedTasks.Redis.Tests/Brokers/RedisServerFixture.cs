using StackExchange.Redis;
using TypedTasks.TestSupport.Redis;

namespace TypedTasks.Redis.Tests.Brokers;

/// <summary>One redis-server per test class, with a multiplexer; tests isolate themselves by key prefix.</summary>
public sealed class RedisServerFixture : RedisConnectionFixture
{
    public IDatabase Database => Connection.GetDatabase();

    /// <summary>A broker whose keys no other test sees, recovering at most every 100 ms.</summary>
    internal RedisBroker NewBroker(string? prefix = null) => new(Connection, new RedisBrokerOptions
    {
        KeyPrefix = prefix ?? "t" + Guid.NewGuid().ToString("N")[..8],
        RecoverInterval = TimeSpan.FromMilliseconds(100),
    });
}
