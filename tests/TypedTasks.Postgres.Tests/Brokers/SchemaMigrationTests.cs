using System.Text;
using Npgsql;
using TypedTasks.Brokers;
using Xunit;

namespace TypedTasks.Postgres.Tests;

/// <summary>The schema is created and upgraded by numbered migrations at start, safely from several hosts at once.</summary>
public sealed class SchemaMigrationTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private static string NewSchema() => "s_" + Guid.NewGuid().ToString("N")[..12];

    private async Task<List<int>> AppliedVersionsAsync(string schema)
    {
        await using var command = postgres.DataSource.CreateCommand($"SELECT version FROM {schema}.schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<int>();
        while (await reader.ReadAsync())
            versions.Add(reader.GetInt32(0));
        return versions;
    }

    [Fact]
    public async Task The_first_operation_creates_the_schema_and_migrating_again_changes_nothing()
    {
        string schema = NewSchema();
        var broker = postgres.NewBroker(new PostgresBrokerOptions { Schema = schema });

        await broker.EnqueueAsync(new EnqueueRequest { Id = JobId.New(), Queue = "q", TaskName = "t", Envelope = new byte[] { 1 } });
        Assert.Equal(Enumerable.Range(1, SchemaMigrator.LatestVersion), await AppliedVersionsAsync(schema));

        Assert.Empty(await SchemaMigrator.MigrateAsync(postgres.DataSource, schema, CancellationToken.None));
        await broker.MigrateAsync();
        Assert.Equal(Enumerable.Range(1, SchemaMigrator.LatestVersion), await AppliedVersionsAsync(schema));
        Assert.Equal(1, (await broker.GetQueueStatsAsync("q")).Pending);
    }

    [Fact]
    public async Task Hosts_starting_at_once_apply_each_migration_once()
    {
        string schema = NewSchema();
        using var start = new Barrier(8);

        var applied = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await using var dataSource = NpgsqlDataSource.Create(postgres.Server.ConnectionString);
            start.SignalAndWait();
            return await SchemaMigrator.MigrateAsync(dataSource, schema, CancellationToken.None);
        })));

        Assert.Single(applied, a => a.Count > 0);
        Assert.Equal(Enumerable.Range(1, SchemaMigrator.LatestVersion), applied.Single(a => a.Count > 0));
        Assert.Equal(Enumerable.Range(1, SchemaMigrator.LatestVersion), await AppliedVersionsAsync(schema));
    }

    [Fact]
    public async Task A_schema_newer_than_the_code_is_refused_with_the_fix()
    {
        string schema = NewSchema();
        await SchemaMigrator.MigrateAsync(postgres.DataSource, schema, CancellationToken.None);
        int newer = SchemaMigrator.LatestVersion + 1;
        await using (var command = postgres.DataSource.CreateCommand($"INSERT INTO {schema}.schema_migrations (version, name) VALUES ({newer}, 'from the future')"))
            await command.ExecuteNonQueryAsync();
        var broker = postgres.NewBroker(new PostgresBrokerOptions { Schema = schema });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => broker.GetQueuesAsync().AsTask());

        Assert.Contains($"'{schema}' is at version {newer}", error.Message);
        Assert.Contains("Upgrade this application's TypedTasks.Postgres package", error.Message);
    }

    [Fact]
    public async Task A_schema_of_the_first_version_is_upgraded_in_place_and_keeps_its_jobs_queues_and_counts()
    {
        string schema = NewSchema();
        var id = JobId.New();
        foreach (string sql in new[]
                 {
                     $"CREATE SCHEMA {schema}",
                     SchemaMigrator.Migrations[0].Sql.Replace("{schema}", schema),
                     $"CREATE TABLE {schema}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                     $"INSERT INTO {schema}.schema_migrations (version, name) VALUES (1, '{SchemaMigrator.Migrations[0].Name}')",
                     $"INSERT INTO {schema}.queues (name) VALUES ('old')",
                     $"INSERT INTO {schema}.counters (queue, shard, succeeded, failed) VALUES ('old', 0, 40, 2), ('old', 3, 2, 1)",
                     $"INSERT INTO {schema}.jobs (id, queue, task, state, envelope, enqueued_at, ready_at, seq) VALUES ('{id.Value}', 'old', 't', 1, '\\x80', now(), now(), 1)",
                 })
        {
            await using var command = postgres.DataSource.CreateCommand(sql);
            await command.ExecuteNonQueryAsync();
        }
        var broker = postgres.NewBroker(new PostgresBrokerOptions { Schema = schema });

        await broker.MigrateAsync();

        Assert.Equal(Enumerable.Range(1, SchemaMigrator.LatestVersion), await AppliedVersionsAsync(schema));
        var stats = await broker.GetQueueStatsAsync("old");
        Assert.Equal((42L, 3L, 1L), (stats.Succeeded, stats.Failed, stats.Pending));
        Assert.Contains("old", await broker.GetQueuesAsync());
        var job = Assert.Single((await broker.FetchAsync(new FetchRequest { Queues = ["old"], Count = 10 })).Jobs);
        Assert.Equal(id, job.Id);
        await broker.AckAndFetchAsync([new JobAck { Lease = job.Lease }], null);
        Assert.Equal(43, (await broker.GetQueueStatsAsync("old")).Succeeded);
        Assert.Equal(1, (await broker.GetThroughputAsync("old", 1))[0].Succeeded);
    }

    [Fact]
    public async Task Brokers_in_different_schemas_do_not_see_each_others_jobs()
    {
        var tenantA = postgres.NewBroker(new PostgresBrokerOptions { Schema = NewSchema() });
        var tenantB = postgres.NewBroker(new PostgresBrokerOptions { Schema = NewSchema() });
        var id = JobId.New();

        await tenantA.EnqueueAsync(new EnqueueRequest { Id = id, Queue = "shared", TaskName = "t", Envelope = Encoding.UTF8.GetBytes("a") });

        Assert.Null(await tenantB.GetJobAsync(id));
        Assert.Empty((await tenantB.FetchAsync(new FetchRequest { Queues = ["shared"], Count = 10 })).Jobs);
        Assert.Equal(id, Assert.Single((await tenantA.FetchAsync(new FetchRequest { Queues = ["shared"], Count = 10 })).Jobs).Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Public")]
    [InlineData("a-b")]
    [InlineData("x; DROP TABLE jobs")]
    public void An_invalid_schema_name_is_rejected_with_the_rule(string schema)
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgresBrokerOptions { Schema = schema }.Validate());
        Assert.Contains("lower-case letters, digits or '_'", error.Message);
    }
}
