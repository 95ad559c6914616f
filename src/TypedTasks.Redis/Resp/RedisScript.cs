using System.Security.Cryptography;
using System.Text;

namespace TypedTasks.Redis.Resp;

/// <summary>A Lua script, sent by SHA1 with <c>EVALSHA</c> and loaded again whenever the server has lost it.</summary>
public sealed class RedisScript
{
    /// <summary>Wraps <paramref name="source"/>.</summary>
    public RedisScript(string source)
    {
        Source = source ?? throw new ArgumentNullException(nameof(source));
        Sha1 = Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(source))).ToLowerInvariant();
    }

    /// <summary>The script's text.</summary>
    public string Source { get; }

    /// <summary>The lowercase hex SHA1 Redis knows the script by.</summary>
    public string Sha1 { get; }
}
