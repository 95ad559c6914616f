using StackExchange.Redis;
using TypedTasks.TestSupport.Redis;
using Xunit;

namespace TypedTasks.Redis.Tests.Brokers;

/// <summary>One redis-server per test class, with a multiplexer; tests isolate themselves by key prefix.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? _server;
    private ConnectionMultiplexer? _connection;

    public RedisServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public ConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("The fixture has not started.");

    public IDatabase Database => Connection.GetDatabase();

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
        if (_server is not null)
            await _server.DisposeAsync();
    }

    /// <summary>A broker whose keys no other test sees, recovering at most every 100 ms.</summary>
    internal RedisBroker NewBroker(string? prefix = null) => new(Connection, new RedisBrokerOptions
    {
        KeyPrefix = prefix ?? "t" + Guid.NewGuid().ToString("N")[..8],
        RecoverInterval = TimeSpan.FromMilliseconds(100),
    });
}
