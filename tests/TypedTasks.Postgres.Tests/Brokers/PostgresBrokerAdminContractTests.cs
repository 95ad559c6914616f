using TypedTasks.Brokers;
using TypedTasks.TestSupport.Brokers;
using Xunit;

namespace TypedTasks.Postgres.Tests;

/// <summary>The admin contract on PostgreSQL; each broker has a schema of its own, so it starts with no workers or schedules.</summary>
public sealed class PostgresBrokerAdminContractTests(PostgresServerFixture postgres) : BrokerAdminContractTests, IClassFixture<PostgresServerFixture>
{
    protected override async Task<IBroker> CreateBrokerAsync()
    {
        var broker = postgres.NewBroker(new PostgresBrokerOptions { Schema = "adm" + Guid.NewGuid().ToString("N")[..8] });
        await broker.MigrateAsync();
        return broker;
    }
}
