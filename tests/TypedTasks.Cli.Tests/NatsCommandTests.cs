using System.Text.Json.Nodes;
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
public sealed class NatsCommandTests(NatsFixture nats) : IClassFixture<NatsFixture>, IAsyncLifetime
{
    private NatsBroker _broker = null!;
    private BrokerTaskClient _client = null!;

    public async Task InitializeAsync()
    {
        _broker = new NatsBroker(nats.Server.Url);
        await _broker.StartAsync();
        _client = new BrokerTaskClient(_broker);
    }

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    private Task<CliResult> RunAsync(params string[] arguments) =>
        CliProcess.RunAsync([.. arguments, "--nats", nats.Server.Url]);

    private async Task<JsonNode> RunJsonAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.Stdout)!;
    }

    private static string NewQueue(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    [Fact]
    public async Task Queues_and_jobs_show_read_the_nats_broker()
    {
        string queue = NewQueue("nats");
        var id = await _client.EnqueueAsync(new Greet("nats", 3, DayOfWeek.Friday), queue);
        await _client.EnqueueAsync(new Greet("later", 1, DayOfWeek.Monday), queue, DateTimeOffset.UtcNow.AddHours(1));

        var stats = (await RunJsonAsync("queues", "--json")).AsArray().Single(q => (string?)q!["queue"] == queue)!;
        Assert.Equal(1, (long)stats["pending"]!);
        Assert.Equal(1, (long)stats["scheduled"]!);

        var job = await RunJsonAsync("jobs", "show", id.ToString(), "--json");
        Assert.Equal(queue, (string?)job["queue"]);
        Assert.Equal("nats", (string?)job["args"]!["Who"]);
    }

    [Fact]
    public async Task A_dead_job_retried_from_the_tool_is_pending_again()
    {
        string queue = NewQueue("natsdead");
        var id = await _client.EnqueueAsync(new Flaky("nats"), queue);
        var job = Assert.Single((await _broker.FetchAsync(new FetchRequest { Queues = [queue], Count = 1, WorkerId = "test" })).Jobs);
        Assert.True(await _broker.FailAsync(new JobFailure { Lease = job.Lease, Error = "boom", Disposition = FailureDisposition.Dead }));

        var retry = await RunAsync("dead", "retry", id.ToString());
        Assert.True(retry.ExitCode == 0, retry.ToString());
        Assert.Equal(JobState.Pending, (await _broker.GetJobAsync(id))!.State);
    }

    [Fact]
    public async Task An_unreachable_nats_exits_with_3_and_one_line()
    {
        var result = await CliProcess.RunAsync(["queues", "--nats", "nats://127.0.0.1:1"]);
        Assert.True(result.ExitCode == 3, result.ToString());
        string line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("typedtasks: ", line);
    }
}
