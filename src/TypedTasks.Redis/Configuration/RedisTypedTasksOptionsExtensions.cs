using StackExchange.Redis;
using TypedTasks.Redis;

namespace TypedTasks;

/// <summary>Chooses the Redis broker in <c>AddTypedTasks(o =&gt; o.UseRedis(...))</c>.</summary>
public static class RedisTypedTasksOptionsExtensions
{
    /// <summary>The key of the <c>TypedTasks</c> configuration section that holds the Redis connection string.</summary>
    public const string ConfigurationKey = "Redis";

    /// <summary>
    /// Keeps jobs in Redis, connecting when the host starts (a wrong address or password fails the start).
    /// <paramref name="configuration"/> is in StackExchange.Redis syntax: <c>host:port,password=…,ssl=true</c>, the
    /// endpoints of a cluster (<c>node1:7000,node2:7000</c>), or the sentinels with <c>serviceName=…</c>; a
    /// <c>redis://user:password@host:port/db</c> URI works too. TypedTasks disposes this connection.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    /// <returns>The options, for chaining.</returns>
    public static TypedTasksOptions UseRedis(this TypedTasksOptions o, string configuration, RedisBrokerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        var parsed = RedisConfiguration.Parse(configuration);
        return o.UseBroker(_ => new RedisBroker(parsed, options), "Redis");
    }

    /// <summary>Keeps jobs in Redis, connecting with <paramref name="configuration"/> when the host starts; TypedTasks disposes this connection.</summary>
    /// <returns>The options, for chaining.</returns>
    public static TypedTasksOptions UseRedis(this TypedTasksOptions o, ConfigurationOptions configuration, RedisBrokerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(configuration);
        return o.UseBroker(_ => new RedisBroker(configuration, options), "Redis");
    }

    /// <summary>Keeps jobs in Redis over the app's own multiplexer, which TypedTasks never disposes.</summary>
    /// <returns>The options, for chaining.</returns>
    public static TypedTasksOptions UseRedis(this TypedTasksOptions o, IConnectionMultiplexer connection, RedisBrokerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(connection);
        return o.UseBroker(_ => new RedisBroker(connection, options), "Redis");
    }

    /// <summary>
    /// Keeps jobs in Redis over a multiplexer taken from the app's services when the host starts (e.g.
    /// <c>sp =&gt; sp.GetRequiredService&lt;IConnectionMultiplexer&gt;()</c>); TypedTasks never disposes it.
    /// </summary>
    /// <returns>The options, for chaining.</returns>
    public static TypedTasksOptions UseRedis(this TypedTasksOptions o, Func<IServiceProvider, IConnectionMultiplexer> connection,
        RedisBrokerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(connection);
        return o.UseBroker(sp => new RedisBroker(connection(sp) ?? throw new InvalidOperationException(
            "The connection factory given to UseRedis returned null; return the app's IConnectionMultiplexer."), options), "Redis");
    }

    /// <summary>
    /// Lets the <c>TypedTasks</c> configuration section choose Redis: when <c>TypedTasks:Redis</c> holds a connection
    /// string (and no other <c>UseX</c> call chose a broker), jobs are kept there, under <c>TypedTasks:KeyPrefix</c>
    /// unless <paramref name="options"/> are given. Without the setting the in-memory broker stays the default.
    /// </summary>
    /// <returns>The options, for chaining.</returns>
    public static TypedTasksOptions UseRedisFromConfiguration(this TypedTasksOptions o, RedisBrokerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        return o.UseBrokerFromConfiguration(ConfigurationKey, (target, section) => target.UseRedis(section.Value,
            options ?? new RedisBrokerOptions { KeyPrefix = section["KeyPrefix"] is { Length: > 0 } prefix ? prefix : "tt" }));
    }
}
