using System.Text.Json.Nodes;
using Xunit;

namespace TypedTasks.Cli.Tests;

/// <summary><c>queues</c>, <c>pause</c>, <c>resume</c>, <c>stats</c>.</summary>
public sealed class QueueCommandTests(RedisFixture redis) : CliTestBase(redis), IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Queues_lists_each_queue_with_its_counts_and_whether_it_is_paused()
    {
        string queue = NewQueue("counts");
        await Client.EnqueueAsync(new Greet("a", 1, DayOfWeek.Monday), queue);
        await Client.EnqueueAsync(new Greet("b", 1, DayOfWeek.Monday), queue);
        await Client.EnqueueAsync(new Greet("c", 1, DayOfWeek.Monday), queue, DateTimeOffset.UtcNow.AddHours(1));

        var pause = await RunAsync("pause", queue);
        Assert.True(pause.ExitCode == 0, pause.ToString());
        Assert.Contains($"Paused queue {queue}.", pause.Stdout);

        var table = await RunAsync("queues");
        Assert.True(table.ExitCode == 0, table.ToString());
        string row = Assert.Single(table.Stdout.Split('\n'), line => line.Contains(queue));
        Assert.Matches($@"{queue}\s*[│|]\s*paused\s*[│|]\s*2\s*[│|]\s*0\s*[│|]\s*1\s*[│|]", row);

        var json = (await RunJsonAsync("queues", "--json")).AsArray();
        var stats = json.Single(q => (string?)q!["queue"] == queue)!;
        Assert.Equal(2, (long)stats["pending"]!);
        Assert.Equal(1, (long)stats["scheduled"]!);
        Assert.Equal(0, (long)stats["dead"]!);
        Assert.True((bool)stats["paused"]!);

        var resume = await RunAsync("resume", queue);
        Assert.True(resume.ExitCode == 0, resume.ToString());
        Assert.False((await Broker.GetQueueStatsAsync(queue)).Paused);
    }

    [Fact]
    public async Task Pause_refuses_an_invalid_queue_name_as_a_usage_error()
    {
        AssertFails(await RunAsync("pause", "{bad}"), 2, "queue");
    }

    [Fact]
    public async Task Stats_gives_counts_throughput_and_workers_and_watch_refreshes()
    {
        string queue = NewQueue("stats");
        await DeadJobAsync(queue, "stats");
        await Client.EnqueueAsync(new Greet("a", 1, DayOfWeek.Monday), queue);

        var once = await RunJsonAsync("stats", "--json");
        var stats = once["queues"]!.AsArray().Single(q => (string?)q!["queue"] == queue)!;
        Assert.Equal(1, (long)stats["pending"]!);
        Assert.Equal(1, (long)stats["dead"]!);
        Assert.Equal(1, (long)stats["last5Minutes"]!["failed"]!);
        Assert.True((long)once["totals"]!["dead"]! >= 1);
        Assert.NotNull(once["workers"]!.AsArray());

        var table = await RunAsync("stats");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains(queue, table.Stdout);
        Assert.Contains("total", table.Stdout);

        // --watch: one JSON document per line per refresh, until stopped.
        using var process = System.Diagnostics.Process.Start(CliProcess.StartInfo(
            ["stats", "--watch", "--json", "--interval", "200ms", "--redis", Redis.Server.ConnectionString]))!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var first = JsonNode.Parse((await process.StandardOutput.ReadLineAsync(timeout.Token))!)!;
            await Client.EnqueueAsync(new Greet("b", 1, DayOfWeek.Monday), queue);
            long pending;
            do
            {
                var next = JsonNode.Parse((await process.StandardOutput.ReadLineAsync(timeout.Token))!)!;
                pending = (long)next["queues"]!.AsArray().Single(q => (string?)q!["queue"] == queue)!["pending"]!;
            }
            while (pending < 2);
            Assert.NotNull(first["at"]);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }
}
