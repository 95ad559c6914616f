using System.Globalization;
using StackExchange.Redis;

namespace TypedTasks.Redis;

/// <summary>
/// Reads the connection strings <c>UseRedis</c> and <c>TypedTasks:Redis</c> take: StackExchange.Redis configuration
/// syntax (<c>host:port[,host:port],password=…,user=…,ssl=true,serviceName=…</c>), or a
/// <c>redis://[user:password@]host:port[/db]</c> (<c>rediss://</c> for TLS) URI as cloud consoles print them.
/// </summary>
internal static class RedisConfiguration
{
    public static ConfigurationOptions Parse(string configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration))
            throw new ArgumentException("The Redis connection string is empty; expected e.g. \"localhost:6379\" or \"redis1:6379,redis2:6379,password=…\".", nameof(configuration));
        configuration = configuration.Trim();
        try
        {
            return configuration.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) ||
                   configuration.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase)
                ? FromUri(configuration)
                : ConfigurationOptions.Parse(configuration);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
        {
            // The string is not echoed: it may hold a password.
            throw new ArgumentException(
                $"The Redis connection string is not valid: {e.Message} Expected StackExchange.Redis syntax such as " +
                "\"localhost:6379,password=…,ssl=true\" or a URI such as \"redis://user:password@localhost:6379/0\".", nameof(configuration), e);
        }
    }

    /// <summary>The endpoints (or sentinel service) of <paramref name="configuration"/>, without credentials, for errors.</summary>
    public static string Describe(ConfigurationOptions configuration)
    {
        string endpoints = configuration.EndPoints.Count == 0 ? "(no endpoint)" : string.Join(", ", configuration.EndPoints.Select(Format));
        return configuration.ServiceName is { Length: > 0 } service ? $"{endpoints} (sentinel service '{service}')" : endpoints;
    }

    private static string Format(System.Net.EndPoint endPoint) => endPoint switch
    {
        System.Net.DnsEndPoint dns => dns.Host + ":" + dns.Port.ToString(CultureInfo.InvariantCulture),
        _ => endPoint.ToString() ?? "",
    };

    private static ConfigurationOptions FromUri(string configuration)
    {
        var uri = new Uri(configuration);
        var options = new ConfigurationOptions { Ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase) };
        options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port);
        if (uri.UserInfo.Length > 0)
        {
            string[] parts = uri.UserInfo.Split(':', 2);
            string first = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 1)
            {
                options.Password = first;
            }
            else
            {
                options.User = first.Length == 0 ? null : first;
                options.Password = Uri.UnescapeDataString(parts[1]);
            }
        }
        string path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
            options.DefaultDatabase = int.Parse(path, NumberStyles.None, CultureInfo.InvariantCulture);
        return options;
    }
}
