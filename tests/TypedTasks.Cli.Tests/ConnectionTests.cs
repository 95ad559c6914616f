using TypedTasks.TestSupport.Servers;
using Xunit;

namespace TypedTasks.Cli.Tests;

/// <summary>Choosing the broker: <c>--redis</c>, <c>--config</c>, none, an unreachable one; help and usage errors.</summary>
public sealed class ConnectionTests(RedisFixture redis) : CliTestBase(redis), IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Help_lists_the_commands()
    {
        var result = await CliProcess.RunAsync("--help");
        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (string command in new[] { "queues", "stats", "jobs", "dead", "pause", "resume", "cancel", "cron", "enqueue", "--redis", "--config" })
            Assert.Contains(command, result.Stdout);
    }

    [Fact]
    public async Task Usage_errors_exit_2_with_one_line()
    {
        AssertFails(await CliProcess.RunAsync("queues"), 2, "No broker");
        AssertFails(await CliProcess.RunAsync("jobs"), 2, "help");
        AssertFails(await CliProcess.RunAsync("frobnicate"), 2, "frobnicate");
        AssertFails(await CliProcess.RunAsync("queues", "--redis", "a:1", "--config", "b.json"), 2, "one broker");
    }

    [Fact]
    public async Task An_unreachable_broker_exits_3_with_one_line()
    {
        int port = ServerProcesses.FreePort();

        AssertFails(await CliProcess.RunAsync("queues", "--redis", $"127.0.0.1:{port},connectTimeout=1000"), 3, $"127.0.0.1:{port}");
    }

    [Fact]
    public async Task Key_prefix_finds_the_queues_of_an_app_with_its_own_prefix()
    {
        string queue = NewQueue("prefixed");
        await using var prefixed = new Redis.RedisBroker(Redis.Connection, new Redis.RedisBrokerOptions { KeyPrefix = "myapp" });
        await new BrokerTaskClient(prefixed).EnqueueAsync(new Greet("p", 1, DayOfWeek.Monday), queue);

        var mine = (await RunJsonAsync("queues", "--json", "--key-prefix", "myapp")).AsArray();
        Assert.Contains(mine, q => (string?)q!["queue"] == queue);
        var others = (await RunJsonAsync("queues", "--json")).AsArray();
        Assert.DoesNotContain(others, q => (string?)q!["queue"] == queue);

        AssertFails(await RunAsync("queues", "--key-prefix", "{bad}"), 2, "KeyPrefix");
    }

    [Fact]
    public async Task Config_reads_the_TypedTasks_section_as_the_app_does()
    {
        string queue = NewQueue("config");
        await Client.EnqueueAsync(new Greet("cfg", 1, DayOfWeek.Monday), queue);
        string directory = Path.Combine(Path.GetTempPath(), "tt-cli-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            string settings = Path.Combine(directory, "appsettings.json");
            await File.WriteAllTextAsync(settings, $$"""{ "TypedTasks": { "Redis": "{{Redis.Server.ConnectionString}}", "KeyPrefix": "tt" } }""");
            var result = await CliProcess.RunAsync("queues", "--json", "--config", settings);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains(queue, result.Stdout);

            string empty = Path.Combine(directory, "empty.json");
            await File.WriteAllTextAsync(empty, """{ "TypedTasks": { "Queues": {} } }""");
            AssertFails(await CliProcess.RunAsync("queues", "--config", empty), 2, "TypedTasks:Redis");
            AssertFails(await CliProcess.RunAsync("queues", "--config", Path.Combine(directory, "missing.json")), 2, "does not exist");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
