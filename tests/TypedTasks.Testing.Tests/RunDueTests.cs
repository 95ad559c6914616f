using Xunit;

namespace TypedTasks.Testing.Tests;

/// <summary>RunDueAsync moves the fake clock and runs what falls due: delayed jobs, retries after their backoff, cron fire times.</summary>
public sealed class RunDueTests
{
    [Fact]
    public async Task PerformIn_and_PerformAt_jobs_run_at_their_due_time_and_not_before()
    {
        await using var app = await TestApp.StartAsync();
        await new SendEmail("in@x", "PerformIn").PerformIn(app.Client, TimeSpan.FromSeconds(30));
        await new SendEmail("at@x", "PerformAt").PerformAt(app.Client, TestApp.Start.AddMinutes(2));

        Assert.Empty(await app.Testing.RunDueAsync(TimeSpan.FromSeconds(29)));
        var runs = await app.Testing.RunDueAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(2, runs.Count);
        Assert.Equal([("mail to in@x: PerformIn (attempt 1)", TestApp.Start.AddSeconds(30)), ("mail to at@x: PerformAt (attempt 1)", TestApp.Start.AddMinutes(2))],
            app.Outbox.Timed);
        Assert.Equal(TestApp.Start.AddSeconds(29).AddMinutes(5), app.Testing.Clock.GetUtcNow());
    }

    [Fact]
    public async Task A_job_that_reschedules_itself_runs_each_step_at_its_time()
    {
        await using var app = await TestApp.StartAsync();
        await new CountFromTo(1, 3, DelaySeconds: 10).PerformAsync(app.Client);

        await app.Testing.RunDueAsync(TimeSpan.FromMinutes(1));

        Assert.Equal([("count 1", TestApp.Start), ("count 2", TestApp.Start.AddSeconds(10)), ("count 3", TestApp.Start.AddSeconds(20))], app.Outbox.Timed);
    }

    [Fact]
    public async Task Retries_run_after_their_backoff_until_the_job_succeeds()
    {
        await using var app = await TestApp.StartAsync();
        var id = await new Flaky(FailTimes: 2).PerformAsync(app.Client);

        var first = await app.Testing.RunAllAsync(throwOnFailure: false);
        Assert.Equal(JobOutcome.Retrying, Assert.Single(first).Outcome);
        Assert.Equal(TestApp.Start.AddSeconds(10), first[0].RetryAt);
        Assert.Empty(await app.Testing.RunDueAsync(TimeSpan.FromSeconds(9), throwOnFailure: false));

        var later = await app.Testing.RunDueAsync(TimeSpan.FromMinutes(1), throwOnFailure: false);

        Assert.Equal([(2, JobOutcome.Retrying), (3, JobOutcome.Succeeded)], later.Select(r => (r.Attempt, r.Outcome)));
        Assert.Equal([TestApp.Start, TestApp.Start.AddSeconds(10), TestApp.Start.AddSeconds(30)], app.Outbox.Timed.Select(e => e.At));
        Assert.Null(await app.Client.GetJobAsync(id));
    }

    [Fact]
    public async Task A_job_out_of_retries_goes_dead()
    {
        await using var app = await TestApp.StartAsync();
        var id = await new Flaky(FailTimes: 9).PerformAsync(app.Client, options: new JobOptions { MaxRetries = 1 });

        var runs = await app.Testing.RunDueAsync(TimeSpan.FromHours(1), throwOnFailure: false);

        Assert.Equal([JobOutcome.Retrying, JobOutcome.Dead], runs.Select(r => r.Outcome));
        Assert.Equal("InvalidOperationException: boom on attempt 2", runs[1].Error);
        Assert.Equal(JobState.Dead, (await app.Client.GetJobAsync(id))!.State);
    }

    [Fact]
    public async Task Cron_schedules_of_the_application_fire_at_each_fire_time_the_clock_passes()
    {
        await using var app = await TestApp.StartAsync(worker: w => w.Schedule(new Tick("every 5 min"), "*/5 * * * *"));

        var runs = await app.Testing.RunDueAsync(TimeSpan.FromMinutes(11));

        Assert.Equal([TestApp.Start.AddMinutes(2), TestApp.Start.AddMinutes(7)], app.Outbox.Timed.Select(e => e.At));
        Assert.Equal(2, runs.Count);
        Assert.All(app.Testing.Enqueued<Tick>(), j => Assert.StartsWith("cron:", j.Id.Value));
        Assert.Equal(2, app.Testing.Enqueued<Tick>().Count);
    }
}
