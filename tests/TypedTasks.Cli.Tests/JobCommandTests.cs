using Xunit;

namespace TypedTasks.Cli.Tests;

/// <summary><c>jobs show</c>, <c>jobs list</c>, <c>cancel</c>, <c>cron list</c>.</summary>
public sealed class JobCommandTests(RedisFixture redis) : CliTestBase(redis), IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Jobs_show_renders_the_payload_generically_and_through_the_registry_of_the_assembly()
    {
        string queue = NewQueue("show");
        var id = await Client.EnqueueAsync(new Greet("Ada", 3, DayOfWeek.Tuesday), queue);

        var generic = await RunJsonAsync("jobs", "show", id.Value, "--json");
        Assert.Equal(id.Value, (string?)generic["id"]);
        Assert.Equal("cli.greet", (string?)generic["task"]);
        Assert.Equal(queue, (string?)generic["queue"]);
        Assert.Equal("pending", (string?)generic["state"]);
        Assert.Equal("msgpack", (string?)generic["argsSource"]);
        Assert.Equal("Ada", (string?)generic["args"]!["Who"]);
        Assert.Equal(2, (int)generic["args"]!["Day"]!);          // the enum's number on the wire

        var typed = await RunJsonAsync("jobs", "show", id.Value, "--json", "--assembly", CliProcess.AppAssembly);
        Assert.Equal("registry", (string?)typed["argsSource"]);
        Assert.Equal("Tuesday", (string?)typed["args"]!["Day"]);  // read by the generated reader, named by the type
        Assert.Equal(3, (int)typed["args"]!["Times"]!);

        var table = await RunAsync("jobs", "show", id.Value);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains(id.Value, table.Stdout);
        Assert.Contains("\"Who\": \"Ada\"", table.Stdout);
    }

    [Fact]
    public async Task Jobs_show_reports_a_payload_its_task_cannot_read_and_still_shows_it()
    {
        string queue = NewQueue("badargs");
        var id = JobId.New();
        byte[] args = [0x81, 0xa3, (byte)'W', (byte)'h', (byte)'o', 0xa1, (byte)'x'];   // {"Who": "x"}: Times and Day are missing
        await Broker.EnqueueAsync(new Brokers.EnqueueRequest
        {
            Id = id,
            Queue = queue,
            TaskName = "cli.greet",
            Envelope = JobEnvelopeCodec.Encode(new JobEnvelope { Id = id, Name = "cli.greet", Args = args, Queue = queue, EnqueuedAt = DateTimeOffset.UtcNow }),
        });

        var shown = await RunJsonAsync("jobs", "show", id.Value, "--json", "--assembly", CliProcess.AppAssembly);
        Assert.Equal("msgpack", (string?)shown["argsSource"]);
        Assert.Equal("x", (string?)shown["args"]!["Who"]);
        Assert.Contains("Times", (string?)shown["argsError"]);
    }

    [Fact]
    public async Task Jobs_show_of_an_unknown_job_exits_1_with_one_line()
    {
        AssertFails(await RunAsync("jobs", "show", "no-such-job"), 1, "no-such-job");
    }

    [Fact]
    public async Task Jobs_list_lists_the_jobs_of_one_state()
    {
        string queue = NewQueue("list");
        var dead = await DeadJobAsync(queue, "list");
        var pending = await Client.EnqueueAsync(new Greet("now", 1, DayOfWeek.Monday), queue);
        var scheduled = await Client.EnqueueAsync(new Greet("later", 1, DayOfWeek.Monday), queue, DateTimeOffset.UtcNow.AddHours(1));

        var scheduledJobs = (await RunJsonAsync("jobs", "list", queue, "--state", "scheduled", "--json")).AsArray();
        Assert.Equal([scheduled.Value], scheduledJobs.Select(j => (string?)j!["id"]));
        Assert.Equal("later", (string?)scheduledJobs[0]!["args"]!["Who"]);

        var pendingJobs = (await RunJsonAsync("jobs", "list", queue, "--json")).AsArray();
        Assert.Equal([pending.Value], pendingJobs.Select(j => (string?)j!["id"]));

        var deadTable = await RunAsync("jobs", "list", queue, "--state", "dead");
        Assert.True(deadTable.ExitCode == 0, deadTable.ToString());
        Assert.Contains(dead.Value, deadTable.Stdout);
        Assert.Contains("boom list", deadTable.Stdout);
        Assert.DoesNotContain(pending.Value, deadTable.Stdout);

        AssertFails(await RunAsync("jobs", "list", NewQueue("nothing")), 1, "no queue");
        AssertFails(await RunAsync("jobs", "list", queue, "--state", "sleeping"), 2, "sleeping");
    }

    [Fact]
    public async Task Cancel_cancels_a_waiting_job_and_exits_1_for_an_unknown_one()
    {
        string queue = NewQueue("cancel");
        var id = await Client.EnqueueAsync(new Greet("x", 1, DayOfWeek.Monday), queue, DateTimeOffset.UtcNow.AddHours(1));

        var result = await RunAsync("cancel", id.Value);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Cancelled job {id}", result.Stdout);
        Assert.Equal(JobState.Cancelled, (await Broker.GetJobAsync(id))!.State);

        AssertFails(await RunAsync("cancel", "no-such-job"), 1, "no-such-job");
    }

    [Fact]
    public async Task Cron_list_shows_the_recorded_schedules()
    {
        string scheduleId = "cli-digest-" + Guid.NewGuid().ToString("N")[..6];
        var next = new DateTimeOffset(2030, 1, 2, 3, 0, 0, TimeSpan.Zero);
        await Broker.RecordCronSchedulesAsync(
            [new Brokers.CronScheduleStatus { Id = scheduleId, TaskName = "cli.greet", Expression = "0 3 * * *", TimeZone = "UTC", NextFires = [next], Host = "test" }],
            TimeSpan.FromMinutes(5));

        var json = (await RunJsonAsync("cron", "list", "--json")).AsArray();
        var schedule = json.Single(s => (string?)s!["id"] == scheduleId)!;
        Assert.Equal("0 3 * * *", (string?)schedule["expression"]);
        Assert.Equal("2030-01-02T03:00:00.0000000Z", (string?)schedule["nextFires"]![0]);

        var table = await RunAsync("cron", "list");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains(scheduleId, table.Stdout);
        Assert.Contains("2030-01-02 03:00:00", table.Stdout);
    }
}
