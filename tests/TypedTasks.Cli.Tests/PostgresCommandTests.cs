using TypedTasks.Brokers;
using TypedTasks.Postgres;
using TypedTasks.TestSupport.Postgres;
using Xunit;

namespace TypedTasks.Cli.Tests;

/// <summary>One PostgreSQL server for the tests, with the broker's tables in the default schema the tool uses.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}

/// <summary>The tool against PostgreSQL with <c>--postgres</c>: the same commands as on Redis, through the same admin queries.</summary>
public sealed class PostgresCommandTests(PostgresFixture postgres) : BrokerCommandTests, IClassFixture<PostgresFixture>
{
    protected override string Name => "pg";

    protected override string[] Connection => ["--postgres", postgres.Server.ConnectionString];

    protected override string[] Unreachable => ["--postgres", "Host=127.0.0.1;Port=1;Username=postgres;Timeout=2"];

    protected override async Task<IBroker> OpenBrokerAsync()
    {
        var broker = new PostgresBroker(postgres.Server.ConnectionString);
        await broker.MigrateAsync();
        return broker;
    }
}
