using TypedTasks.Redis.Resp;
using TypedTasks.Testing.Redis;
using Xunit;

namespace TypedTasks.Redis.Tests.Brokers;

/// <summary>One redis-server per test class, with a client; tests isolate themselves by key prefix.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? _server;
    private RedisClient? _client;

    public RedisServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    internal RedisClient Client => _client ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _client = new RedisClient(_server.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
            await _client.DisposeAsync();
        if (_server is not null)
            await _server.DisposeAsync();
    }

    /// <summary>A broker whose keys no other test sees, recovering at most every 100 ms.</summary>
    internal RedisBroker NewBroker(string? prefix = null) => new(Client, new RedisBrokerOptions
    {
        KeyPrefix = prefix ?? "t" + Guid.NewGuid().ToString("N")[..8],
        RecoverInterval = TimeSpan.FromMilliseconds(100),
    });
}
