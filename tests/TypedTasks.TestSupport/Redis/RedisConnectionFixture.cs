using StackExchange.Redis;
using Xunit;

namespace TypedTasks.TestSupport.Redis;

/// <summary>One redis-server for a test class, with a multiplexer connected to it.</summary>
public class RedisConnectionFixture : IAsyncLifetime
{
    private RedisServer? _server;
    private ConnectionMultiplexer? _connection;

    /// <summary>The server.</summary>
    public RedisServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>The multiplexer connected to <see cref="Server"/>.</summary>
    public ConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>Starts the server and connects.</summary>
    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString);
    }

    /// <summary>Closes the connection and stops the server.</summary>
    public async Task DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
