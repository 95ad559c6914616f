using StackExchange.Redis;
using TypedTasks.Redis;

namespace TypedTasks.Cli.Connection;

/// <summary>The brokers the tool can connect to; the PostgreSQL and NATS packages add theirs here once they exist.</summary>
internal static class KnownBrokers
{
    public static IReadOnlyList<BrokerConnector> All { get; } =
    [
        new BrokerConnector(
            "--redis",
            "A Redis connection string (StackExchange.Redis syntax such as \"localhost:6379,password=...\", or a redis:// URI); keys under the prefix \"tt\" unless --key-prefix says otherwise",
            RedisTypedTasksOptionsExtensions.ConfigurationKey,
            (options, connection, keyPrefix) => options.UseRedis(connection, keyPrefix is null ? null : new RedisBrokerOptions { KeyPrefix = keyPrefix }),
            options => options.UseRedisFromConfiguration(),
            IsRedisUnreachable),
    ];

    // UseRedis connects when the broker is made and wraps a failed connect in an InvalidOperationException; a command
    // sent after the connection dropped fails with the client's own exceptions.
    private static bool IsRedisUnreachable(Exception e) =>
        e is RedisConnectionException or RedisTimeoutException ||
        e is InvalidOperationException { InnerException: RedisConnectionException };
}
