using StackExchange.Redis;
using TypedTasks.Redis;
using TypedTasks.TestSupport.Redis;
using Xunit;

namespace TypedTasks.Cli.Tests;

/// <summary>One redis-server for the tests; the tool uses the default key prefix, so tests keep apart by queue name.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? _server;
    private ConnectionMultiplexer? _connection;

    public RedisServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public ConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("The fixture has not started.");

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

    /// <summary>A broker on the tool's key prefix ("tt").</summary>
    public RedisBroker NewBroker() => new(Connection, new RedisBrokerOptions());
}
