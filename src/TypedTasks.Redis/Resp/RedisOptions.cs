using System.Globalization;
using System.Net.Security;

namespace TypedTasks.Redis.Resp;

/// <summary>
/// Where and how to connect, parsed from a StackExchange.Redis-style connection string
/// (<c>host:port[,host:port],user=,password=,ssl=true,sslHost=,db=,connectTimeout=,syncTimeout=,name=</c>) or a
/// <c>redis://[user:password@]host:port[/db]</c> / <c>rediss://</c> URI.
/// </summary>
public sealed class RedisOptions
{
    /// <summary>The endpoints, tried in order.</summary>
    public List<(string Host, int Port)> Endpoints { get; } = [];

    /// <summary>The ACL user (Redis 6+); <see langword="null"/> for the default user.</summary>
    public string? User { get; set; }

    /// <summary>The password, if the server asks for one.</summary>
    public string? Password { get; set; }

    /// <summary>Whether to connect with TLS.</summary>
    public bool Ssl { get; set; }

    /// <summary>The host name the server's certificate must carry; the endpoint's host when <see langword="null"/>.</summary>
    public string? SslHost { get; set; }

    /// <summary>Checks the server's certificate instead of the system's trust store (for private CAs and tests).</summary>
    public RemoteCertificateValidationCallback? CertificateValidation { get; set; }

    /// <summary>The database number.</summary>
    public int Database { get; set; }

    /// <summary>How long a connection attempt may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a command may wait for its reply.</summary>
    public TimeSpan SyncTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The client name shown by <c>CLIENT LIST</c>.</summary>
    public string? ClientName { get; set; }

    /// <summary>The longest pause between reconnection attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Parses a connection string or URI.</summary>
    /// <exception cref="ArgumentException">The string is malformed; the message says which part.</exception>
    public static RedisOptions Parse(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new ArgumentException("The Redis connection string is empty; expected e.g. \"localhost:6379\".", nameof(connectionString));
        connectionString = connectionString.Trim();
        if (connectionString.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) ||
            connectionString.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
            return ParseUri(connectionString);
        var options = new RedisOptions();
        foreach (var rawPart in connectionString.Split(','))
        {
            string part = rawPart.Trim();
            if (part.Length == 0)
                continue;
            int equals = part.IndexOf('=');
            if (equals < 0)
            {
                options.Endpoints.Add(ParseEndpoint(part, connectionString));
                continue;
            }
            string key = part[..equals].Trim(), value = part[(equals + 1)..].Trim();
            switch (key.ToLowerInvariant())
            {
                case "user": options.User = value; break;
                case "password": options.Password = value; break;
                case "ssl": options.Ssl = ParseBool(key, value); break;
                case "sslhost": options.SslHost = value; break;
                case "db" or "defaultdatabase": options.Database = ParseInt(key, value, 0, 1 << 20); break;
                case "connecttimeout": options.ConnectTimeout = TimeSpan.FromMilliseconds(ParseInt(key, value, 1, int.MaxValue)); break;
                case "synctimeout" or "asynctimeout": options.SyncTimeout = TimeSpan.FromMilliseconds(ParseInt(key, value, 1, int.MaxValue)); break;
                case "name": options.ClientName = value; break;
                case "abortconnect" or "allowadmin" or "connectretry" or "keepalive": break; // StackExchange.Redis options that do not apply
                default:
                    throw new ArgumentException($"Unknown Redis connection-string option '{key}' in \"{Redact(connectionString)}\".", nameof(connectionString));
            }
        }
        if (options.Endpoints.Count == 0)
            throw new ArgumentException($"The Redis connection string \"{Redact(connectionString)}\" names no host; expected e.g. \"localhost:6379\".", nameof(connectionString));
        return options;
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(",", Endpoints.Select(e => $"{e.Host}:{e.Port}"));

    private static RedisOptions ParseUri(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new ArgumentException($"\"{Redact(text)}\" is not a valid redis:// URI.", nameof(text));
        var options = new RedisOptions { Ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase) };
        options.Endpoints.Add((uri.Host, uri.IsDefaultPort || uri.Port <= 0 ? 6379 : uri.Port));
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            string[] parts = uri.UserInfo.Split(':', 2);
            if (parts.Length == 2)
            {
                options.User = parts[0].Length == 0 ? null : Uri.UnescapeDataString(parts[0]);
                options.Password = Uri.UnescapeDataString(parts[1]);
            }
            else
            {
                options.Password = Uri.UnescapeDataString(parts[0]);
            }
        }
        string path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
            options.Database = ParseInt("db", path, 0, 1 << 20);
        return options;
    }

    private static (string, int) ParseEndpoint(string part, string whole)
    {
        int colon = part.LastIndexOf(':');
        if (colon < 0)
            return (part, 6379);
        string host = part[..colon].Trim('[', ']');
        if (!int.TryParse(part[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535 || host.Length == 0)
            throw new ArgumentException($"\"{part}\" in the Redis connection string \"{Redact(whole)}\" is not host:port.", nameof(whole));
        return (host, port);
    }

    private static bool ParseBool(string key, string value) => bool.TryParse(value, out bool result)
        ? result
        : throw new ArgumentException($"Redis option {key}={value} is not true or false.", nameof(value));

    private static int ParseInt(string key, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int result) && result >= min && result <= max
            ? result
            : throw new ArgumentException($"Redis option {key}={value} is not a number from {min} to {max}.", nameof(value));

    private static string Redact(string text)
    {
        int at = text.IndexOf("password=", StringComparison.OrdinalIgnoreCase);
        if (at >= 0)
        {
            int end = text.IndexOf(',', at);
            return text[..(at + 9)] + "***" + (end < 0 ? "" : text[end..]);
        }
        if (text.Contains('@', StringComparison.Ordinal) && text.Contains("://", StringComparison.Ordinal))
            return text[..(text.IndexOf("://", StringComparison.Ordinal) + 3)] + "***" + text[text.LastIndexOf('@')..];
        return text;
    }
}
