using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;
using StackExchange.Redis;
using TypedTasks.Nats;
using TypedTasks.Postgres;
using TypedTasks.Redis;

namespace TypedTasks.Cli.Connection;

/// <summary>The brokers the tool can connect to.</summary>
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
        new BrokerConnector(
            "--postgres",
            "A PostgreSQL connection string (Npgsql syntax such as \"Host=localhost;Username=app;Password=...;Database=app\"); tables in the schema \"typedtasks\" unless --key-prefix names another",
            PostgresTypedTasksOptionsExtensions.ConfigurationKey,
            (options, connection, schema) => options.UsePostgres(connection, schema is null ? null : new PostgresBrokerOptions { Schema = schema }),
            options => options.UsePostgresFromConfiguration(),
            IsPostgresUnreachable),
        new BrokerConnector(
            "--nats",
            "A NATS server URL (\"nats://localhost:4222\", several separated by commas); buckets under the prefix \"typedtasks\" unless --key-prefix says otherwise",
            NatsTypedTasksOptionsExtensions.ConfigurationKey,
            (options, connection, prefix) => options.UseNats(connection, prefix is null ? null : new NatsBrokerOptions { Prefix = prefix }),
            options => options.UseNatsFromConfiguration(),
            IsNatsUnreachable),
    ];

    // UseRedis connects when the broker is made and wraps a failed connect in an InvalidOperationException; a command
    // sent after the connection dropped fails with the client's own exceptions.
    private static bool IsRedisUnreachable(Exception e) =>
        e is RedisConnectionException or RedisTimeoutException ||
        e is InvalidOperationException { InnerException: RedisConnectionException };

    // A server that answers with an error (a wrong password, a missing database) is reachable: PostgresException says
    // what it refused. No answer at all (refused, timed out, DNS) is an NpgsqlException of its own.
    private static bool IsPostgresUnreachable(Exception e) =>
        e is NpgsqlException and not PostgresException ||
        e.InnerException is NpgsqlException and not PostgresException;

    // No server to connect to (a plain NatsException, "can not connect uris"), or one without JetStream or a quorum,
    // which never answers (no responders, a timeout). A server that answers with an error (an authorization violation,
    // a JetStream API error such as a bucket setting) is reachable and says what it refused.
    private static bool IsNatsUnreachable(Exception e) =>
        IsNatsSilence(e) || e.InnerException is { } inner && IsNatsSilence(inner);

    private static bool IsNatsSilence(Exception e) =>
        e is TimeoutException || e is NatsException and not (NatsJSApiException or NatsServerException or NatsPayloadTooLargeException);
}
