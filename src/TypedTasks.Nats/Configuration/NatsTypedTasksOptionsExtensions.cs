using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using TypedTasks.Nats;

namespace TypedTasks;

/// <summary>Chooses the NATS JetStream broker in <c>AddTypedTasks(o =&gt; o.UseNats(...))</c>.</summary>
public static class NatsTypedTasksOptionsExtensions
{
    /// <summary>The key of the <c>TypedTasks</c> configuration section that holds the NATS URL.</summary>
    public const string ConfigurationKey = "Nats";

    /// <summary>
    /// Keeps jobs in NATS JetStream through a connection of the broker's own to <paramref name="url"/>
    /// (<c>nats://host:4222</c>, several separated by commas), closed with the broker. Credentials, TLS and replicas come
    /// from <paramref name="options"/>; the buckets are created on first use.
    /// </summary>
    /// <exception cref="ArgumentException">The URL is empty or not a <c>nats://</c>, <c>tls://</c> or <c>ws(s)://</c> URL.</exception>
    /// <returns>The options, for chaining.</returns>
    public static TypedTasksOptions UseNats(this TypedTasksOptions o, string url, NatsBrokerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        foreach (string server in url.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("nats" or "tls" or "ws" or "wss"))
                throw new ArgumentException($"'{server}' is not a NATS server URL; write nats://host:4222 (or tls://, ws://, wss://).", nameof(url));
        }
        options?.Validate();
        return o.UseBroker(sp => new NatsBroker(url, options, LoggerFactory(sp)), "NATS JetStream");
    }

    /// <summary>
    /// Keeps jobs in NATS JetStream through the app's own connection, taken from its services when the host starts
    /// (e.g. <c>sp =&gt; sp.GetRequiredService&lt;INatsConnection&gt;()</c>); TypedTasks never disposes it.
    /// </summary>
    /// <returns>The options, for chaining.</returns>
    public static TypedTasksOptions UseNats(this TypedTasksOptions o, Func<IServiceProvider, INatsConnection> connection, NatsBrokerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(connection);
        options?.Validate();
        return o.UseBroker(sp => new NatsBroker(connection(sp) ?? throw new InvalidOperationException(
            "The connection factory given to UseNats returned null; return the app's INatsConnection."), options, LoggerFactory(sp)), "NATS JetStream");
    }

    /// <summary>
    /// Lets the <c>TypedTasks</c> configuration section choose NATS: when <c>TypedTasks:Nats</c> holds a URL (and no
    /// other <c>UseX</c> call chose a broker), jobs are kept there, under the bucket prefix of <c>TypedTasks:Prefix</c>
    /// (<c>typedtasks</c> when unset) with <c>TypedTasks:Replicas</c> copies, unless <paramref name="options"/> are given.
    /// </summary>
    /// <returns>The options, for chaining.</returns>
    public static TypedTasksOptions UseNatsFromConfiguration(this TypedTasksOptions o, NatsBrokerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        return o.UseBrokerFromConfiguration(ConfigurationKey, (target, section) => target.UseNats(section.Value, options ?? FromSection(section)));
    }

    private static NatsBrokerOptions FromSection(BrokerSection section)
    {
        int replicas = 1;
        if (section["Replicas"] is { Length: > 0 } text && !int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out replicas))
            throw new InvalidOperationException($"TypedTasks:Replicas is '{text}'; write a number of copies from 1 to 5.");
        return new NatsBrokerOptions
        {
            Prefix = section["Prefix"] is { Length: > 0 } prefix ? prefix : "typedtasks",
            Replicas = replicas,
            Username = NullIfEmpty(section["Username"]),
            Password = NullIfEmpty(section["Password"]),
            Token = NullIfEmpty(section["Token"]),
            CredentialsFile = NullIfEmpty(section["CredentialsFile"]),
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static ILoggerFactory? LoggerFactory(IServiceProvider services) => services.GetService(typeof(ILoggerFactory)) as ILoggerFactory;
}
