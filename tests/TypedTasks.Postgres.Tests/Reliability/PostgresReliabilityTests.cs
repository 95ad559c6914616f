using Npgsql;
using TypedTasks.Brokers;
using TypedTasks.TestSupport.Postgres;
using TypedTasks.TestSupport.Reliability;
using Xunit;
using Xunit.Abstractions;
using Record = TypedTasks.Postgres.ReliabilityWorker.Record;

namespace TypedTasks.Postgres.Tests.Reliability;

/// <summary>
/// Real worker processes and a real PostgreSQL, killed and crashed for real. N is small by default so CI stays fast;
/// TT_RELIABILITY_FULL=1 runs larger sizes.
/// </summary>
public sealed class PostgresReliabilityTests(ITestOutputHelper output)
{
    private static readonly bool Full = Environment.GetEnvironmentVariable("TT_RELIABILITY_FULL") == "1";

    /// <summary>How long the crash scenario's client waits after a refused enqueue before the next, so that it does not spin on a server that is down.</summary>
    private static readonly TimeSpan s_pauseAfterRefusal = TimeSpan.FromMilliseconds(20);

    private static PostgresBrokerOptions Options(string schema) => new() { Schema = schema, RecoverInterval = TimeSpan.FromMilliseconds(500) };

    private static Task<List<JobId>> EnqueueRecordsAsync(PostgresBroker broker, int count, int pauseMs) =>
        NumberedJobs.EnqueueAsync(broker, count, (client, number) => client.CreateRequest(new Record(number, pauseMs)));

    /// <summary>Job number → runs, from the worker's run log (empty until a worker created it).</summary>
    private static async Task<Dictionary<int, int>> RunsAsync(NpgsqlDataSource dataSource, string schema)
    {
        var runs = new Dictionary<int, int>();
        await using var command = dataSource.CreateCommand($"SELECT number, runs FROM {schema}_runs");
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                runs[reader.GetInt32(0)] = reader.GetInt32(1);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // No worker has started yet.
        }
        return runs;
    }

    /// <summary>The jobs still leased to a process: active, with its pid in their worker id.</summary>
    private static async Task<IReadOnlyCollection<string>> HeldByAsync(NpgsqlDataSource dataSource, string schema, int processId, IReadOnlyCollection<string>? among)
    {
        await using var command = dataSource.CreateCommand($"SELECT id FROM {schema}.jobs WHERE state = 2 AND worker LIKE $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"%:{processId}:%" });
        await using var reader = await command.ExecuteReaderAsync();
        var held = new List<string>();
        while (await reader.ReadAsync())
            held.Add(reader.GetString(0));
        return among is null ? held : held.Intersect(among).ToList();
    }

    [Fact]
    public async Task Workers_killed_at_random_lose_no_job_and_run_twice_only_what_they_held()
    {
        int jobs = Full ? 20_000 : 2_000, minimumKills = Full ? 20 : 6;
        await using var server = await PostgresServer.StartAsync();
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionString);
        string schema = "chaos";
        await using var broker = new PostgresBroker(dataSource, Options(schema));
        var ids = await EnqueueRecordsAsync(broker, jobs, pauseMs: Full ? 40 : 80);
        var numberOf = ids.Select((id, number) => (id.Value, number)).ToDictionary(p => p.Value, p => p.number);
        var drill = new KillDrill
        {
            // Kills here are chaos, not poison: a job may be held by several killed workers in a row, so the stall limit is raised.
            StartWorker = () => PostgresWorker.Start(server.ConnectionString, schema, maxStalls: 50),
            Runs = async () => await RunsAsync(dataSource, schema),
            HeldBy = (processId, among) => HeldByAsync(dataSource, schema, processId, among),
            Describe = async () => (await broker.GetQueueStatsAsync("default")).ToString(),
            Settled = async () => await broker.GetQueueStatsAsync("default") is { Pending: 0, Active: 0, Scheduled: 0, Retry: 0 },
        };
        var result = await drill.RunAsync(jobs, numberOf, TimeSpan.FromMinutes(Full ? 10 : 4));

        output.WriteLine(result.AssertNothingLost(await RunsAsync(dataSource, schema), jobs, minimumKills));
        await using var left = dataSource.CreateCommand($"SELECT count(*) FROM {schema}.jobs");
        Assert.Equal(0L, await left.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Every_acknowledged_enqueue_survives_a_crash_restart_and_workers_and_clients_reconnect()
    {
        int jobs = Full ? 5_000 : 1_000;
        await using var server = await PostgresServer.StartAsync();
        string schema = "restart";
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionString);
        await using var broker = new PostgresBroker(dataSource, Options(schema));
        await broker.MigrateAsync();
        using var worker = PostgresWorker.Start(server.ConnectionString, schema);
        var client = new BrokerTaskClient(broker);
        // The worker listens for notifications once it has been idle: the crash must cut that connection too.
        await Conditions.WaitAsync(async () =>
        {
            await using var listening = dataSource.CreateCommand($"SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN \"{schema}_wake\"'");
            return (long)(await listening.ExecuteScalarAsync())! > 0;
        }, TimeSpan.FromSeconds(60), "the worker to listen");
        var accepted = new List<int>();
        int acceptedBeforeRestart = -1;
        var fifthAccepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var restart = Task.Run(async () =>
        {
            await fifthAccepted.Task;
            lock (accepted)
                acceptedBeforeRestart = accepted.Count;
            await server.RestartImmediateAsync();
        });
        // The crash comes once a fifth of the jobs are in, and the enqueues go on until the server is back, so it falls among them.
        int refused = 0;
        for (int i = 0; i < jobs || (fifthAccepted.Task.IsCompleted && !restart.IsCompleted); i++)
        {
            try
            {
                await client.EnqueueAsync(new Record(i, 0));
                lock (accepted)
                    accepted.Add(i);
                if (accepted.Count == jobs / 5)
                    fifthAccepted.SetResult();
            }
            catch (NpgsqlException)
            {
                refused++;
                await Task.Delay(s_pauseAfterRefusal);
            }
        }
        Assert.True(fifthAccepted.Task.IsCompleted, $"only {accepted.Count} of {jobs} enqueues were acknowledged before the crash");
        await restart;

        await Conditions.WaitAsync(async () => accepted.All((await RunsAsync(dataSource, schema)).ContainsKey), TimeSpan.FromSeconds(60), "every acknowledged job to run");
        output.WriteLine($"{accepted.Count} enqueues acknowledged around the crash ({acceptedBeforeRestart} before it, {refused} refused); all of them ran");
        Assert.True(refused > 0, "the crash did not interrupt any enqueue; the test proved nothing");
        Assert.True(accepted.Count > acceptedBeforeRestart, "the client did not enqueue again after the crash");
        try
        {
            await Conditions.WaitAsync(() => Task.FromResult(worker.Output.Contains("reconnected its PostgreSQL notification connection")),
                TimeSpan.FromSeconds(30), "the worker to log its reconnect");
        }
        catch (TimeoutException)
        {
            output.WriteLine(worker.Output);
            throw;
        }
        Assert.False(worker.HasExited);
    }
}
