using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace TypedTasks.Redis;

/// <summary>
/// One broker script, called by SHA1 with <c>EVALSHA</c>: each call sends 40 bytes instead of the script's ~12 KB.
/// A server that lacks the script (first call, restart, <c>SCRIPT FLUSH</c>, failover to a replica that never saw it)
/// answers <c>NOSCRIPT</c>; the call is then sent once as <c>EVAL</c>, which also loads it, so each server loads each
/// script once. The keys go in <c>KEYS</c>, which is how a cluster routes the call to the slot's master.
/// </summary>
internal sealed class BrokerScript(string name, string source)
{
    private readonly byte[] _sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(source));

    /// <summary>The script's file name without <c>.lua</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The script as sent to Redis, library functions included.</summary>
    public string Source { get; } = source;

    /// <summary>Runs the script on the server that owns <paramref name="keys"/>.</summary>
    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync db, RedisKey[] keys, RedisValue[] args)
    {
        try
        {
            return await db.ScriptEvaluateAsync(_sha1, keys, args).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await db.ScriptEvaluateAsync(Source, keys, args).ConfigureAwait(false);
        }
    }
}
