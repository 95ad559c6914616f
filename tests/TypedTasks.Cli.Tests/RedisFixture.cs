using TypedTasks.Redis;
using TypedTasks.TestSupport.Redis;

namespace TypedTasks.Cli.Tests;

/// <summary>One redis-server for the tests; the tool uses the default key prefix, so tests keep apart by queue name.</summary>
public sealed class RedisFixture : RedisConnectionFixture
{
    /// <summary>A broker on the tool's key prefix ("tt").</summary>
    public RedisBroker NewBroker() => new(Connection, new RedisBrokerOptions());
}
