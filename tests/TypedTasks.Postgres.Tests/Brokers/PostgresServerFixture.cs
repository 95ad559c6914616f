using Npgsql;
using TypedTasks.TestSupport.Postgres;
using Xunit;

namespace TypedTasks.Postgres.Tests;

/// <summary>One PostgreSQL cluster per test class, with a data source; tests isolate themselves by queue name or schema.</summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private PostgresServer? _server;
    private NpgsqlDataSource? _dataSource;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        _dataSource = NpgsqlDataSource.Create(_server.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
        if (_server is not null)
            await _server.DisposeAsync();
    }

    /// <summary>A broker over the fixture's data source, recovering at most every 100 ms unless <paramref name="options"/> say otherwise.</summary>
    public PostgresBroker NewBroker(PostgresBrokerOptions? options = null) =>
        new(DataSource, options ?? new PostgresBrokerOptions { RecoverInterval = TimeSpan.FromMilliseconds(100) });
}
