using TypedTasks.Brokers;
using TypedTasks.Postgres;
using TypedTasks.TestSupport.Postgres;
using Xunit;

namespace TypedTasks.Hosting.Tests;

/// <summary>One PostgreSQL cluster for the PostgreSQL host tests; each test uses a schema of its own.</summary>
public sealed class PostgresHostFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class PostgresWorkerHostTests(PostgresHostFixture postgres) : WorkerHostTests, IClassFixture<PostgresHostFixture>, IAsyncLifetime
{
    private readonly string _schema = "h" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// Creates the test's schema before the host starts, as a deployment would: the broker otherwise migrates on first
    /// use, and the timing tests would measure the migration of a fresh schema.
    /// </summary>
    public async Task InitializeAsync()
    {
        await using var broker = new PostgresBroker(postgres.Server.ConnectionString, Options);
        await broker.MigrateAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected override void UseBroker(TypedTasksOptions options) => options.UsePostgres(postgres.Server.ConnectionString, Options);

    protected override IBroker NewBroker() => new PostgresBroker(postgres.Server.ConnectionString, Options);

    private PostgresBrokerOptions Options => new() { Schema = _schema, RecoverInterval = TimeSpan.FromMilliseconds(200) };
}
