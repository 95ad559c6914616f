using Xunit;

namespace TypedTasks.Cli.Tests;

/// <summary><c>enqueue TASK --json ... --assembly app.dll</c>.</summary>
public sealed class EnqueueCommandTests(RedisFixture redis) : CliTestBase(redis), IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Enqueue_makes_the_task_from_json_with_the_generated_writer()
    {
        string queue = NewQueue("enqueue");
        var result = await RunAsync("enqueue", "cli.greet", "--json", """{"Who": "Bob", "times": 2, "Day": "Friday"}""",
            "--queue", queue, "--in", "10m", "--assembly", CliProcess.AppAssembly);
        Assert.True(result.ExitCode == 0, result.ToString());

        var job = await Broker.GetJobAsync(new JobId(result.Stdout.Trim()));
        Assert.NotNull(job);
        Assert.Equal(queue, job.Queue);
        Assert.Equal(JobState.Scheduled, job.State);
        Assert.InRange(job.DueAt!.Value, DateTimeOffset.UtcNow.AddMinutes(9), DateTimeOffset.UtcNow.AddMinutes(11));
        var task = TaskDescriptor.Decode<Greet>(JobEnvelopeCodec.Decode(job.Envelope).Args);
        Assert.Equal(new Greet("Bob", 2, DayOfWeek.Friday), task);
    }

    [Fact]
    public async Task The_args_jobs_show_prints_enqueue_the_same_task_again()
    {
        string queue = NewQueue("again");
        var original = new Greet("Éva \"quoted\"", int.MaxValue, DayOfWeek.Sunday);
        var id = await Client.EnqueueAsync(original, queue);
        var shown = await RunJsonAsync("jobs", "show", id.Value, "--json", "--assembly", CliProcess.AppAssembly);

        var result = await RunAsync("enqueue", "cli.greet", "--json", shown["args"]!.ToJsonString(), "--queue", queue, "--assembly", CliProcess.AppAssembly);
        Assert.True(result.ExitCode == 0, result.ToString());
        var copy = await Broker.GetJobAsync(new JobId(result.Stdout.Trim()));
        Assert.Equal(original, TaskDescriptor.Decode<Greet>(JobEnvelopeCodec.Decode(copy!.Envelope).Args));
    }

    [Fact]
    public async Task Enqueue_by_type_name_goes_to_the_task_queue()
    {
        var result = await RunAsync("enqueue", "Greet", "--json", """{"Who": "C", "Times": 1, "Day": 3}""", "--assembly", CliProcess.AppAssembly);
        Assert.True(result.ExitCode == 0, result.ToString());
        var job = await Broker.GetJobAsync(new JobId(result.Stdout.Trim()));
        Assert.Equal(("cli-greet", JobState.Pending), (job!.Queue, job.State));
    }

    [Fact]
    public async Task Enqueue_refuses_bad_json_unknown_members_and_unknown_tasks_with_one_line()
    {
        string app = CliProcess.AppAssembly;
        AssertFails(await RunAsync("enqueue", "cli.greet", "--json", """{"Who": "x", "Times": 1, "Day": 1, "Shout": true}""", "--assembly", app), 2, "Shout");
        AssertFails(await RunAsync("enqueue", "cli.greet", "--json", """{"Who": "x", "Day": 1}""", "--assembly", app), 2, "Times");
        AssertFails(await RunAsync("enqueue", "cli.greet", "--json", """{"Who": "x", "Times": "many", "Day": 1}""", "--assembly", app), 2, "Times");
        AssertFails(await RunAsync("enqueue", "cli.greet", "--json", "{Who: x", "--assembly", app), 2, "not a valid cli.greet");
        AssertFails(await RunAsync("enqueue", "cli.nope", "--json", "{}", "--assembly", app), 1, "cli.greet");
        AssertFails(await RunAsync("enqueue", "cli.greet", "--json", "{}"), 2, "--assembly");
        AssertFails(await RunAsync("enqueue", "cli.greet", "--json", "{}", "--in", "soon", "--assembly", app), 2, "--in");
    }
}
