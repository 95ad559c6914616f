using System.Text.Json.Nodes;
using TypedTasks.Brokers;
using Xunit;

namespace TypedTasks.Cli.Tests;

/// <summary>The tool against a broker other than Redis: the same commands as on Redis, through the same admin queries.</summary>
public abstract class BrokerCommandTests : IAsyncLifetime
{
    private IBroker _broker = null!;
    private BrokerTaskClient _client = null!;

    /// <summary>A short name for the broker, used in queue names and task arguments.</summary>
    protected abstract string Name { get; }

    /// <summary>The tool's options that connect it to the test's server.</summary>
    protected abstract string[] Connection { get; }

    /// <summary>The tool's options that point it at a server nobody listens on.</summary>
    protected abstract string[] Unreachable { get; }

    /// <summary>A broker on the server, ready to use, with the tool's default prefix or schema.</summary>
    protected abstract Task<IBroker> OpenBrokerAsync();

    public async Task InitializeAsync()
    {
        _broker = await OpenBrokerAsync();
        _client = new BrokerTaskClient(_broker);
    }

    public async Task DisposeAsync()
    {
        if (_broker is IAsyncDisposable disposable)
            await disposable.DisposeAsync();
    }

    private Task<CliResult> RunAsync(params string[] arguments) => CliProcess.RunAsync([.. arguments, .. Connection]);

    private async Task<JsonNode> RunJsonAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.Stdout)!;
    }

    private static string NewQueue(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    [Fact]
    public async Task Queues_and_jobs_show_read_the_broker()
    {
        string queue = NewQueue(Name);
        var id = await _client.EnqueueAsync(new Greet(Name, 3, DayOfWeek.Friday), queue);
        await _client.EnqueueAsync(new Greet("later", 1, DayOfWeek.Monday), queue, DateTimeOffset.UtcNow.AddHours(1));

        var stats = (await RunJsonAsync("queues", "--json")).AsArray().Single(q => (string?)q!["queue"] == queue)!;
        Assert.Equal(1, (long)stats["pending"]!);
        Assert.Equal(1, (long)stats["scheduled"]!);

        var job = await RunJsonAsync("jobs", "show", id.ToString(), "--json");
        Assert.Equal(queue, (string?)job["queue"]);
        Assert.Equal(Name, (string?)job["args"]!["Who"]);
    }

    [Fact]
    public async Task A_dead_job_retried_from_the_tool_is_pending_again()
    {
        string queue = NewQueue(Name + "dead");
        var id = await _client.EnqueueAsync(new Flaky(Name), queue);
        var job = Assert.Single((await _broker.FetchAsync(new FetchRequest { Queues = [queue], Count = 1, WorkerId = "test" })).Jobs);
        Assert.True(await _broker.FailAsync(new JobFailure { Lease = job.Lease, Error = "boom", Disposition = FailureDisposition.Dead }));

        var retry = await RunAsync("dead", "retry", id.ToString());
        Assert.True(retry.ExitCode == 0, retry.ToString());
        Assert.Equal(JobState.Pending, (await _broker.GetJobAsync(id))!.State);
    }

    [Fact]
    public async Task An_unreachable_server_exits_with_3_and_one_line()
    {
        var result = await CliProcess.RunAsync(["queues", .. Unreachable]);
        Assert.True(result.ExitCode == 3, result.ToString());
        string line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("typedtasks: ", line);
    }
}
