using System.Text.Json.Nodes;
using TypedTasks.Brokers;
using TypedTasks.Redis;
using Xunit;

namespace TypedTasks.Cli.Tests;

/// <summary>Runs the tool against the fixture's Redis and sets up jobs through the broker, as an app would.</summary>
public abstract class CliTestBase(RedisFixture redis) : IAsyncLifetime
{
    protected RedisFixture Redis { get; } = redis;

    protected RedisBroker Broker { get; private set; } = null!;

    protected BrokerTaskClient Client { get; private set; } = null!;

    /// <summary>A queue name no other test uses.</summary>
    protected static string NewQueue(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    public Task InitializeAsync()
    {
        Broker = Redis.NewBroker();
        Client = new BrokerTaskClient(Broker);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Broker.DisposeAsync();

    /// <summary>Runs the tool with <c>--redis</c> pointing at the fixture.</summary>
    protected Task<CliResult> RunAsync(params string[] arguments) =>
        CliProcess.RunAsync([.. arguments, "--redis", Redis.Server.ConnectionString]);

    /// <summary>Runs the tool and parses its stdout as JSON, after checking it exited with 0.</summary>
    protected async Task<JsonNode> RunJsonAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stderr);
        return JsonNode.Parse(result.Stdout) ?? throw new Xunit.Sdk.XunitException("stdout is JSON null: " + result);
    }

    /// <summary>Asserts a failure: the exit code, and one line on stderr containing <paramref name="expected"/>.</summary>
    protected static void AssertFails(CliResult result, int exitCode, string expected)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        string line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("typedtasks: ", line);
        Assert.Contains(expected, line, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A job leased and failed for good, so it sits in the dead set of <paramref name="queue"/> (which must hold no pending job).</summary>
    protected async Task<JobId> DeadJobAsync(string queue, string key)
    {
        var id = await Client.EnqueueAsync(new Flaky(key), queue);
        var fetched = await Broker.FetchAsync(new FetchRequest { Queues = [queue], Count = 1, WorkerId = "test" });
        var job = Assert.Single(fetched.Jobs);
        Assert.Equal(id, job.Id);
        Assert.True(await Broker.FailAsync(new JobFailure { Lease = job.Lease, Error = "boom " + key, Disposition = FailureDisposition.Dead }));
        return id;
    }
}
