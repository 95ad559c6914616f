using StackExchange.Redis;

namespace TypedTasks.Redis;

/// <summary>
/// The broker's StackExchange.Redis multiplexer: one it created from a configuration (and disposes), or the app's own
/// (which it never disposes). Knows whether it talks to a cluster, where multi-queue calls go one slot at a time.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly bool _owned;
    private bool? _cluster;

    private RedisConnection(IConnectionMultiplexer multiplexer, bool owned)
    {
        Multiplexer = multiplexer;
        Database = multiplexer.GetDatabase();
        _owned = owned;
    }

    public IConnectionMultiplexer Multiplexer { get; }

    public IDatabase Database { get; }

    /// <summary>
    /// Whether the servers form a Redis Cluster, where every script call must keep its keys in one slot. Asked of the
    /// connected servers; while none is connected the answer is not kept, and a standalone answer would let a
    /// cross-slot call through only to fail with CROSSSLOT, never to act wrongly.
    /// </summary>
    public bool IsCluster
    {
        get
        {
            if (_cluster is { } known)
                return known;
            bool cluster = false, connected = false;
            foreach (var server in Multiplexer.GetServers())
            {
                if (!server.IsConnected)
                    continue;
                connected = true;
                cluster |= server.ServerType == ServerType.Cluster;
            }
            if (connected)
                _cluster = cluster;
            return cluster;
        }
    }

    /// <summary>The cluster slot of <paramref name="key"/> (its hash tag's).</summary>
    public int SlotOf(string key) => Multiplexer.HashSlot(key);

    /// <summary>Connects with a configuration in StackExchange.Redis syntax or a <c>redis://</c> URI.</summary>
    public static RedisConnection Connect(string configuration) => Connect(RedisConfiguration.Parse(configuration));

    /// <summary>Connects now, so a wrong address or password fails the app's start with one clear error.</summary>
    public static RedisConnection Connect(ConfigurationOptions configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        try
        {
            return new RedisConnection(ConnectionMultiplexer.Connect(configuration), owned: true);
        }
        catch (RedisConnectionException e)
        {
            throw new InvalidOperationException(
                $"TypedTasks could not connect to Redis at {RedisConfiguration.Describe(configuration)}: {e.Message} " +
                "Check the address and credentials given to UseRedis(...) or in TypedTasks:Redis, and that Redis is running.", e);
        }
    }

    /// <summary>Uses the app's multiplexer; disposing the broker leaves it open.</summary>
    public static RedisConnection Borrow(IConnectionMultiplexer multiplexer) =>
        new(multiplexer ?? throw new ArgumentNullException(nameof(multiplexer)), owned: false);

    public async ValueTask DisposeAsync()
    {
        if (_owned)
            await Multiplexer.DisposeAsync().ConfigureAwait(false);
    }
}
