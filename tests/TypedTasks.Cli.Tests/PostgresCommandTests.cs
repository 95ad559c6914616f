using System.Text.Json.Nodes;
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
public sealed class PostgresCommandTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private PostgresBroker _broker = null!;
    private BrokerTaskClient _client = null!;

    public async Task InitializeAsync()
    {
        _broker = new PostgresBroker(postgres.Server.ConnectionString);
        await _broker.MigrateAsync();
        _client = new BrokerTaskClient(_broker);
    }

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    private Task<CliResult> RunAsync(params string[] arguments) =>
        CliProcess.RunAsync([.. arguments, "--postgres", postgres.Server.ConnectionString]);

    private async Task<JsonNode> RunJsonAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.Stdout)!;
    }

    private static string NewQueue(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    [Fact]
    public async Task Queues_and_jobs_show_read_the_postgres_broker()
    {
        string queue = NewQueue("pg");
        var id = await _client.EnqueueAsync(new Greet("pg", 3, DayOfWeek.Friday), queue);
        await _client.EnqueueAsync(new Greet("later", 1, DayOfWeek.Monday), queue, DateTimeOffset.UtcNow.AddHours(1));

        var stats = (await RunJsonAsync("queues", "--json")).AsArray().Single(q => (string?)q!["queue"] == queue)!;
        Assert.Equal(1, (long)stats["pending"]!);
        Assert.Equal(1, (long)stats["scheduled"]!);

        var job = await RunJsonAsync("jobs", "show", id.ToString(), "--json");
        Assert.Equal(queue, (string?)job["queue"]);
        Assert.Equal("pg", (string?)job["args"]!["Who"]);
    }

    [Fact]
    public async Task A_dead_job_retried_from_the_tool_is_pending_again()
    {
        string queue = NewQueue("pgdead");
        var id = await _client.EnqueueAsync(new Flaky("pg"), queue);
        var job = Assert.Single((await _broker.FetchAsync(new FetchRequest { Queues = [queue], Count = 1, WorkerId = "test" })).Jobs);
        Assert.True(await _broker.FailAsync(new JobFailure { Lease = job.Lease, Error = "boom", Disposition = FailureDisposition.Dead }));

        var retry = await RunAsync("dead", "retry", id.ToString());
        Assert.True(retry.ExitCode == 0, retry.ToString());
        Assert.Equal(JobState.Pending, (await _broker.GetJobAsync(id))!.State);
    }

    [Fact]
    public async Task An_unreachable_postgres_exits_with_3_and_one_line()
    {
        var result = await CliProcess.RunAsync(["queues", "--postgres", "Host=127.0.0.1;Port=1;Username=postgres;Timeout=2"]);
        Assert.True(result.ExitCode == 3, result.ToString());
        string line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("typedtasks: ", line);
    }
}
