using TypedTasks.Brokers;
using Xunit;

namespace TypedTasks.Hosting.Tests;

/// <summary>Hosts publish what a dashboard shows through the broker's <see cref="IBrokerAdmin"/>: worker heartbeats and cron schedules.</summary>
public sealed class BrokerStatusTests
{
    private static string NameOf<T>() where T : IGeneratedTask<T> => T.Name;

    [Fact]
    public async Task A_worker_publishes_its_queues_and_running_jobs_and_leaves_the_list_when_it_stops()
    {
        var broker = new InMemoryBroker();
        var host = await TestHost.StartAsync(o => o.UseBroker(_ => broker), worker: w => w.Queue("other", concurrency: 2));
        var admin = BrokerAdmin.Require(broker);
        try
        {
            var id = await new Endless("status").PerformAsync(host.Client, queue: "q");
            var worker = await Recorder.WaitForAsync(async () => (await admin.GetWorkersAsync()).SingleOrDefault(),
                w => w is not null && w.Running.Any(r => r.Id == id), what: "the worker's heartbeat with its running job");

            Assert.Equal(Environment.MachineName, worker!.Host);
            Assert.Equal(Environment.ProcessId, worker.ProcessId);
            Assert.Equal([new WorkerQueue("q", 4), new WorkerQueue("other", 2)], worker.Queues);
            var running = Assert.Single(worker.Running);
            Assert.Equal(("q", NameOf<Endless>()), (running.Queue, running.TaskName));
            Assert.Equal(worker.Id, (await broker.GetJobAsync(id))!.WorkerId);
        }
        finally
        {
            await host.DisposeAsync();
        }
        Assert.Empty(await admin.GetWorkersAsync());
    }

    [Fact]
    public async Task A_cron_scheduler_records_its_schedules_with_next_fires_and_the_last_fire()
    {
        var broker = new InMemoryBroker();
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        await using var host = await TestHost.StartAsync(o => o.UseBroker(_ => broker), worker: w => w
            .Schedule(new Tick("recorded"), "* * * * * *")
            .Schedule(new Tick("daily"), "0 8 * * *", berlin, queue: "q"));
        var admin = BrokerAdmin.Require(broker);

        var schedules = await Recorder.WaitForAsync(async () => await admin.GetCronSchedulesAsync(),
            s => s.Count == 2 && s.Any(x => x.LastFireAt is not null), what: "both schedules, one fired");

        var everySecond = schedules.Single(s => s.Expression == "* * * * * *");
        Assert.Equal((NameOf<Tick>(), "UTC", (string?)null), (everySecond.TaskName, everySecond.TimeZone, everySecond.Queue));
        Assert.Equal(5, everySecond.NextFires.Count);
        Assert.All(everySecond.NextFires.Zip(everySecond.NextFires.Skip(1)), p => Assert.Equal(TimeSpan.FromSeconds(1), p.Second - p.First));
        Assert.NotNull(await broker.GetJobAsync(everySecond.LastJobId!.Value));
        Assert.StartsWith($"cron:{everySecond.Id}:", everySecond.LastJobId.Value.Value);

        var daily = schedules.Single(s => s.Expression == "0 8 * * *");
        Assert.Equal((berlin.Id, "q"), (daily.TimeZone, daily.Queue));
        Assert.Null(daily.LastFireAt);
        Assert.All(daily.NextFires, f => Assert.Equal(8, TimeZoneInfo.ConvertTime(f, berlin).Hour));
    }
}
