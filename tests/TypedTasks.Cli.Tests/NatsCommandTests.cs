using TypedTasks.Brokers;
using TypedTasks.Nats;
using TypedTasks.TestSupport.Nats;
using Xunit;

namespace TypedTasks.Cli.Tests;

/// <summary>One nats-server for the tests; the tool uses the default bucket prefix.</summary>
public sealed class NatsFixture : IAsyncLifetime
{
    private NatsServer? _server;

    public NatsServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync() => _server = await NatsServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}

/// <summary>The tool against NATS JetStream with <c>--nats</c>: the same commands as on Redis, through the same admin queries.</summary>
public sealed class NatsCommandTests(NatsFixture nats) : BrokerCommandTests, IClassFixture<NatsFixture>
{
    protected override string Name => "nats";

    protected override string[] Connection => ["--nats", nats.Server.Url];

    protected override string[] Unreachable => ["--nats", "nats://127.0.0.1:1"];

    protected override async Task<IBroker> OpenBrokerAsync()
    {
        var broker = new NatsBroker(nats.Server.Url);
        await broker.StartAsync();
        return broker;
    }
}
