using System.Text.Json;
using Npgsql;
using TypedTasks.Brokers;
using Xunit;
using Xunit.Abstractions;

namespace TypedTasks.Postgres.Tests;

/// <summary>Finished jobs leave the table per retention, in short batches, and fetch stays an index walk of a few rows however many jobs wait.</summary>
public sealed class TableHealthTests(PostgresServerFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresServerFixture>
{
    private static string NewSchema() => "h_" + Guid.NewGuid().ToString("N")[..12];

    private async Task<long> CountAsync(string sql)
    {
        await using var command = postgres.DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static EnqueueRequest Job(string queue) =>
        new() { Id = JobId.New(), Queue = queue, TaskName = "t", Envelope = new byte[] { 0x80 } };

    [Fact]
    public async Task Expired_results_and_dead_jobs_beyond_retention_are_deleted_in_batches()
    {
        string schema = NewSchema();
        var broker = postgres.NewBroker(new PostgresBrokerOptions
        {
            Schema = schema,
            RecoverInterval = TimeSpan.Zero,
            PurgeBatch = 100,
            DeadRetentionByQueue = new Dictionary<string, DeadRetention> { ["dead"] = new(MaxJobs: 30, MaxAge: TimeSpan.FromDays(1)) },
        });
        await broker.EnqueueManyAsync(Enumerable.Range(0, 250).Select(_ => Job("kept")).ToList());
        var kept = await broker.FetchAsync(new FetchRequest { Queues = ["kept"], Count = 250 });
        await broker.AckAndFetchAsync(kept.Jobs.Select(j => new JobAck { Lease = j.Lease, KeepFor = TimeSpan.FromMilliseconds(200) }).ToList(), null);
        await broker.EnqueueManyAsync(Enumerable.Range(0, 120).Select(_ => Job("dead")).ToList());
        foreach (var job in (await broker.FetchAsync(new FetchRequest { Queues = ["dead"], Count = 120 })).Jobs)
            await broker.FailAsync(new JobFailure { Lease = job.Lease, Error = "boom", Disposition = FailureDisposition.Dead });

        Assert.Equal(250, await CountAsync($"SELECT count(*) FROM {schema}.jobs WHERE queue = 'kept'"));
        Assert.Equal(30, (await broker.GetDeadJobsAsync("dead", 0, 1000)).Count);
        Assert.Equal(30, (await broker.GetQueueStatsAsync("dead")).Dead);
        await Task.Delay(300);
        await broker.RecoverExpiredAsync(["kept", "dead"]);

        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM {schema}.jobs WHERE queue = 'kept'"));
        Assert.Equal(30, await CountAsync($"SELECT count(*) FROM {schema}.jobs WHERE queue = 'dead'"));
        Assert.Equal((await broker.GetDeadJobsAsync("dead", 0, 1000)).Select(j => j.Id.Value).Order(),
            await IdsAsync($"SELECT id FROM {schema}.jobs WHERE queue = 'dead'"));
    }

    [Fact]
    public async Task Fetch_reads_a_few_index_entries_with_a_million_jobs_waiting()
    {
        string schema = NewSchema();
        var broker = postgres.NewBroker(new PostgresBrokerOptions { Schema = schema });
        await broker.MigrateAsync();
        await using (var fill = postgres.DataSource.CreateCommand(
            $"""
            INSERT INTO {schema}.queues (name) VALUES ('big'), ('other');
            INSERT INTO {schema}.jobs (id, queue, task, state, envelope, enqueued_at, ready_at, seq)
            SELECT 'w' || g, CASE WHEN g % 10 = 0 THEN 'other' ELSE 'big' END, 't', 1, '\x80', now(), now() - interval '1 day' + g * interval '1 ms', g
            FROM generate_series(1, 1000000) g;
            INSERT INTO {schema}.jobs (id, queue, task, state, envelope, enqueued_at, ready_at, seq)
            SELECT 's' || g, 'big', 't', 0, '\x80', now(), now() + interval '1 day' + g * interval '1 ms', g
            FROM generate_series(1, 100000) g;
            ANALYZE {schema}.jobs;
            """))
        {
            fill.CommandTimeout = 600;
            await fill.ExecuteNonQueryAsync();
        }
        string sql = new PostgresSql(schema).AckAndFetch;

        foreach (bool generic in new[] { false, true })
        {
            var plan = await ExplainFetchAsync(sql, generic);
            output.WriteLine($"{(generic ? "generic" : "custom")} plan: {plan.RootElement[0].GetProperty("Execution Time").GetDouble():0.0} ms, " +
                $"{Buffers(plan.RootElement[0].GetProperty("Plan"))} buffers");
            var nodes = Nodes(plan.RootElement[0].GetProperty("Plan")).ToList();
            Assert.DoesNotContain(nodes, n => n.GetProperty("Node Type").GetString() == "Seq Scan"
                && n.TryGetProperty("Relation Name", out var relation) && relation.GetString() == "jobs");
            Assert.Contains(nodes, n => n.TryGetProperty("Index Name", out var index) && index.GetString() == "jobs_waiting");
            Assert.InRange(Buffers(plan.RootElement[0].GetProperty("Plan")), 1, 2_000);
        }
    }

    /// <summary>EXPLAIN ANALYZE of a fetch of 50 jobs from 'big' (rolled back), with the custom plan or the generic one a prepared statement may switch to.</summary>
    private async Task<JsonDocument> ExplainFetchAsync(string sql, bool generic)
    {
        await using var connection = await postgres.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        string types = "text[], integer, bigint, text, text[], bigint[], bigint[], bytea[], smallint";
        string values = "ARRAY['big'], 50, 15000, 'w', '{}'::text[], '{}'::bigint[], '{}'::bigint[], '{}'::bytea[], 0::smallint";
        foreach (string statement in new[]
        {
            $"SET LOCAL plan_cache_mode = {(generic ? "force_generic_plan" : "force_custom_plan")}",
            $"PREPARE fetch_plan ({types}) AS {sql.TrimEnd().TrimEnd(';')}",
        })
        {
            await using var command = new NpgsqlCommand(statement, connection, transaction);
            await command.ExecuteNonQueryAsync();
        }
        await using var explain = new NpgsqlCommand($"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE fetch_plan ({values})", connection, transaction);
        var json = (string)(await explain.ExecuteScalarAsync())!;
        await transaction.RollbackAsync();
        await using var deallocate = new NpgsqlCommand("DEALLOCATE ALL", connection);
        await deallocate.ExecuteNonQueryAsync();
        return JsonDocument.Parse(json);
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node)
    {
        yield return node;
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                foreach (var descendant in Nodes(child))
                    yield return descendant;
            }
        }
    }

    private static long Buffers(JsonElement node) =>
        node.GetProperty("Shared Hit Blocks").GetInt64() + node.GetProperty("Shared Read Blocks").GetInt64();

    private async Task<List<string>> IdsAsync(string sql)
    {
        await using var command = postgres.DataSource.CreateCommand(sql + " ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
            ids.Add(reader.GetString(0));
        return ids;
    }

    [Fact]
    public async Task Counts_of_minutes_past_the_throughput_history_are_folded_into_the_totals()
    {
        string schema = NewSchema();
        var broker = postgres.NewBroker(new PostgresBrokerOptions { Schema = schema, RecoverInterval = TimeSpan.Zero });
        await broker.EnqueueManyAsync(Enumerable.Range(0, 3).Select(_ => Job("tp")).ToList());
        var jobs = (await broker.FetchAsync(new FetchRequest { Queues = ["tp"], Count = 3 })).Jobs;
        await broker.AckAndFetchAsync(jobs.Select(j => new JobAck { Lease = j.Lease }).ToList(), null);
        long now = await CountAsync("SELECT floor(extract(epoch FROM now()) / 60)::bigint");
        await using (var old = postgres.DataSource.CreateCommand(
            $"INSERT INTO {schema}.counters (queue, minute, shard, succeeded, failed) VALUES ('tp', {now - 62}, 1, 10, 1), ('tp', {now - 62}, 2, 5, 0), " +
            $"('tp', {now - 90}, 1, 7, 2), ('tp', {now - 30}, 1, 4, 4)"))
            await old.ExecuteNonQueryAsync();

        await broker.RecoverExpiredAsync(["tp"]);

        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM {schema}.counters WHERE queue = 'tp' AND minute BETWEEN 0 AND {now - 62}"));
        Assert.Equal(22, await CountAsync($"SELECT sum(succeeded)::bigint FROM {schema}.counters WHERE queue = 'tp' AND minute = -1"));
        var stats = await broker.GetQueueStatsAsync("tp");
        Assert.Equal((3L + 22 + 4, 3L + 4), (stats.Succeeded, stats.Failed));
        var history = await broker.GetThroughputAsync("tp", 60);
        Assert.Equal((4L, 4L), (history[^31].Succeeded, history[^31].Failed));
        Assert.Equal(3, history[^1].Succeeded + history[^2].Succeeded);
    }
}
