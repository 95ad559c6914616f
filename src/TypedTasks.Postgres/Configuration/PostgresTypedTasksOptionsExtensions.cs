using Microsoft.Extensions.Logging;
using Npgsql;
using TypedTasks.Postgres;

namespace TypedTasks;

/// <summary>Chooses the PostgreSQL broker in <c>AddTypedTasks(o =&gt; o.UsePostgres(...))</c>.</summary>
public static class PostgresTypedTasksOptionsExtensions
{
    /// <summary>The key of the <c>TypedTasks</c> configuration section that holds the PostgreSQL connection string.</summary>
    public const string ConfigurationKey = "Postgres";

    /// <summary>
    /// Keeps jobs in PostgreSQL through a data source of the broker's own, made from <paramref name="connectionString"/>
    /// (<c>Host=…;Username=…;Password=…;Database=…</c>) and disposed with the broker. The schema is created or upgraded
    /// on first use unless <see cref="PostgresBrokerOptions.AutoMigrate"/> is off.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    /// <returns>The options, for chaining.</returns>
    public static TypedTasksOptions UsePostgres(this TypedTasksOptions o, string connectionString, PostgresBrokerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _ = new NpgsqlConnectionStringBuilder(connectionString);   // a malformed string fails here, not when the host starts
        options?.Validate();
        return o.UseBroker(sp => new PostgresBroker(connectionString, options, LoggerFactory(sp)), "PostgreSQL");
    }

    /// <summary>
    /// Keeps jobs in PostgreSQL through the app's own <paramref name="dataSource"/>, which TypedTasks never disposes;
    /// enqueues can then join the app's transactions (<c>client.WithTransaction(tx)</c>).
    /// </summary>
    /// <returns>The options, for chaining.</returns>
    public static TypedTasksOptions UsePostgres(this TypedTasksOptions o, NpgsqlDataSource dataSource, PostgresBrokerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(dataSource);
        options?.Validate();
        return o.UseBroker(sp => new PostgresBroker(dataSource, options, LoggerFactory(sp)), "PostgreSQL");
    }

    /// <summary>
    /// Keeps jobs in PostgreSQL through a data source taken from the app's services when the host starts (e.g.
    /// <c>sp =&gt; sp.GetRequiredService&lt;NpgsqlDataSource&gt;()</c>); TypedTasks never disposes it.
    /// </summary>
    /// <returns>The options, for chaining.</returns>
    public static TypedTasksOptions UsePostgres(this TypedTasksOptions o, Func<IServiceProvider, NpgsqlDataSource> dataSource,
        PostgresBrokerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(dataSource);
        options?.Validate();
        return o.UseBroker(sp => new PostgresBroker(dataSource(sp) ?? throw new InvalidOperationException(
            "The data source factory given to UsePostgres returned null; return the app's NpgsqlDataSource."), options, LoggerFactory(sp)), "PostgreSQL");
    }

    /// <summary>
    /// Lets the <c>TypedTasks</c> configuration section choose PostgreSQL: when <c>TypedTasks:Postgres</c> holds a
    /// connection string (and no other <c>UseX</c> call chose a broker), jobs are kept there, in the schema of
    /// <c>TypedTasks:Schema</c> (<c>typedtasks</c> when unset) unless <paramref name="options"/> are given. Without the
    /// setting the in-memory broker stays the default.
    /// </summary>
    /// <returns>The options, for chaining.</returns>
    public static TypedTasksOptions UsePostgresFromConfiguration(this TypedTasksOptions o, PostgresBrokerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        return o.UseBrokerFromConfiguration(ConfigurationKey, (target, section) => target.UsePostgres(section.Value,
            options ?? (section["Schema"] is { Length: > 0 } schema ? new PostgresBrokerOptions { Schema = schema } : null)));
    }

    private static ILoggerFactory? LoggerFactory(IServiceProvider services) => services.GetService(typeof(ILoggerFactory)) as ILoggerFactory;
}
