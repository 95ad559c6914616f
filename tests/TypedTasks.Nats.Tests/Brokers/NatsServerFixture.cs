using NATS.Client.Core;
using TypedTasks.TestSupport.Nats;
using Xunit;

namespace TypedTasks.Nats.Tests;

/// <summary>One nats-server per test class, with one shared connection; each broker gets a bucket prefix of its own.</summary>
public sealed class NatsServerFixture : IAsyncLifetime
{
    private NatsServer? _server;
    private NatsConnection? _connection;

    public NatsServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public NatsConnection Connection => _connection ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        _server = await NatsServer.StartAsync();
        _connection = new NatsConnection(NatsOpts.Default with { Url = _server.Url });
        await _connection.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
        if (_server is not null)
            await _server.DisposeAsync();
    }

    /// <summary>A broker over the shared connection with buckets of its own, recovering at most every 100 ms unless <paramref name="options"/> say otherwise.</summary>
    public async Task<NatsBroker> NewBrokerAsync(NatsBrokerOptions? options = null)
    {
        var broker = new NatsBroker(Connection, options ?? Options());
        await broker.StartAsync();
        return broker;
    }

    /// <summary>Options with a fresh bucket prefix and a 100 ms recover gate.</summary>
    public static NatsBrokerOptions Options() => new()
    {
        Prefix = "t" + Guid.NewGuid().ToString("N")[..10],
        RecoverInterval = TimeSpan.FromMilliseconds(100),
    };
}
