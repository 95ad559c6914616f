using TypedTasks.Brokers;
using TypedTasks.Nats;
using TypedTasks.TestSupport.Nats;
using Xunit;

namespace TypedTasks.Hosting.Tests;

/// <summary>One nats-server for the NATS host tests; each test uses buckets of its own.</summary>
public sealed class NatsHostFixture : IAsyncLifetime
{
    public NatsServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await NatsServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class NatsWorkerHostTests(NatsHostFixture nats) : WorkerHostTests, IClassFixture<NatsHostFixture>, IAsyncLifetime
{
    private readonly string _prefix = "h" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>
    /// Creates the test's buckets before the host starts, as a deployment would: the broker otherwise creates them on
    /// first use, and the timing tests would measure that.
    /// </summary>
    public async Task InitializeAsync()
    {
        await using var broker = new NatsBroker(nats.Server.Url, Options);
        await broker.StartAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected override void UseBroker(TypedTasksOptions options) => options.UseNats(nats.Server.Url, Options);

    protected override IBroker NewBroker() => new NatsBroker(nats.Server.Url, Options);

    private NatsBrokerOptions Options => new() { Prefix = _prefix, RecoverInterval = TimeSpan.FromMilliseconds(200) };
}
