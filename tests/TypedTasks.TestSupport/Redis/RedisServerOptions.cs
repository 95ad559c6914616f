namespace TypedTasks.TestSupport.Redis;

/// <summary>How a test's redis-server is started.</summary>
public sealed record RedisServerOptions
{
    /// <summary><c>requirepass</c>: the default user's password.</summary>
    public string? Password { get; init; }

    /// <summary>ACL rules, one <c>user</c> directive each (e.g. <c>"alice on &gt;secret ~* &amp;* +@all"</c>).</summary>
    public IReadOnlyList<string> AclUsers { get; init; } = [];

    /// <summary>Turns on the append-only file (with <c>appendfsync always</c>), for restart tests.</summary>
    public bool AppendOnly { get; init; }

    /// <summary>Serves TLS only, with a self-signed certificate made for the test.</summary>
    public bool Tls { get; init; }

    /// <summary>More <c>--name value</c> arguments.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
}
