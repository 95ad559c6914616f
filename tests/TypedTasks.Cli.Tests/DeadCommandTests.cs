using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace TypedTasks.Cli.Tests;

/// <summary><c>dead retry</c> and <c>dead delete</c>, one job or all.</summary>
public sealed class DeadCommandTests(RedisFixture redis) : CliTestBase(redis), IClassFixture<RedisFixture>
{
    [Fact]
    public async Task A_dead_job_retried_from_the_cli_runs_on_a_worker()
    {
        string queue = NewQueue("revive");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<FlakyRuns>();
        builder.Services.AddTypedTasks(o => o.UseRedis(Redis.Connection)).AddWorker(w => w.Queue(queue, concurrency: 1));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var id = await new Flaky("revive").PerformAsync(host.Services.GetRequiredService<ITaskClient>(), queue);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await Broker.GetJobAsync(id))?.State != JobState.Dead)
            {
                Assert.True(DateTime.UtcNow < deadline, "the job's first run did not make it dead within 60 s");
                await Task.Delay(50);
            }

            var retried = await RunAsync("dead", "retry", id.Value);
            Assert.True(retried.ExitCode == 0, retried.ToString());
            Assert.Contains($"Retried dead job {id}.", retried.Stdout);

            await host.Services.GetRequiredService<FlakyRuns>().Succeeded.Task.WaitAsync(TimeSpan.FromSeconds(60));

            // Once it ran, it is no longer dead: retrying it again is "not found" in the dead set.
            AssertFails(await RunAsync("dead", "retry", id.Value), 1, id.Value);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Dead_retry_all_moves_every_dead_job_of_the_queue_to_pending()
    {
        string queue = NewQueue("retryall");
        await DeadJobAsync(queue, "a");
        await DeadJobAsync(queue, "b");

        var result = await RunJsonAsync("dead", "retry", "--all", "--queue", queue, "--json");
        Assert.Equal(2, (long)result["retried"]!);
        Assert.Equal(2, (long)result["queues"]![queue]!);
        var stats = await Broker.GetQueueStatsAsync(queue);
        Assert.Equal((0, 2), (stats.Dead, stats.Pending));
    }

    [Fact]
    public async Task Dead_delete_removes_one_dead_job_or_all_and_refuses_a_live_one()
    {
        string queue = NewQueue("delete");
        var one = await DeadJobAsync(queue, "one");
        await DeadJobAsync(queue, "two");
        await DeadJobAsync(queue, "three");
        var pending = await Client.EnqueueAsync(new Greet("keep", 1, DayOfWeek.Monday), queue);

        var deleted = await RunAsync("dead", "delete", one.Value);
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Null(await Broker.GetJobAsync(one));

        AssertFails(await RunAsync("dead", "delete", pending.Value), 1, "not dead");
        Assert.NotNull(await Broker.GetJobAsync(pending));

        var all = await RunAsync("dead", "delete", "--all", "--queue", queue);
        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Contains("Deleted 2 dead jobs", all.Stdout);
        Assert.Equal(0, (await Broker.GetQueueStatsAsync(queue)).Dead);
    }

    [Fact]
    public async Task Dead_retry_needs_an_id_or_all()
    {
        AssertFails(await RunAsync("dead", "retry"), 2, "give a job id or --all");
        AssertFails(await RunAsync("dead", "retry", "some-id", "--all"), 2, "not both");
    }
}
