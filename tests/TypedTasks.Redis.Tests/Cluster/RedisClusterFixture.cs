using StackExchange.Redis;
using TypedTasks.TestSupport.Redis;
using Xunit;

namespace TypedTasks.Redis.Tests.Cluster;

/// <summary>One 3-master Redis Cluster per test class, with a multiplexer; tests isolate themselves by key prefix.</summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private RedisCluster? _cluster;
    private ConnectionMultiplexer? _connection;

    public RedisCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture has not started.");

    public ConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        _cluster = await RedisCluster.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(_cluster.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }

    /// <summary>A broker whose keys no other test sees, recovering at most every 100 ms.</summary>
    internal RedisBroker NewBroker(string? prefix = null) => new(Connection, new RedisBrokerOptions
    {
        KeyPrefix = prefix ?? "c" + Guid.NewGuid().ToString("N")[..8],
        RecoverInterval = TimeSpan.FromMilliseconds(100),
    });

    /// <summary>One queue name served by each master, so a test spans all three.</summary>
    public async Task<IReadOnlyList<string>> QueuePerMasterAsync()
    {
        var byMaster = new Dictionary<int, string>();
        for (int i = 0; byMaster.Count < 3; i++)
        {
            string queue = "spread" + i;
            var (master, _) = await Cluster.OwnerOfSlotAsync(Connection.HashSlot("{" + queue + "}"));
            byMaster.TryAdd(master.Port, queue);
        }
        return byMaster.Values.ToList();
    }
}
