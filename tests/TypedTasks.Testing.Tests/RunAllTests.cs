using TypedTasks.Hosting;
using Xunit;

namespace TypedTasks.Testing.Tests;

/// <summary>RunAllAsync runs the recorded jobs through the worker's execution path, with the application's services.</summary>
public sealed class RunAllTests
{
    [Fact]
    public async Task Jobs_run_with_the_application_services_and_the_jobs_they_enqueue_run_too()
    {
        await using var app = await TestApp.StartAsync();
        await new Register("a@b.c").PerformAsync(app.Client);

        var runs = await app.Testing.RunAllAsync();

        Assert.Equal(["registered a@b.c", "mail to a@b.c: Welcome (attempt 1)"], app.Outbox.Entries);
        Assert.Equal(["kit.register", "kit.send_email"], runs.Select(r => r.TaskName));
        Assert.All(runs, r => Assert.Equal(JobOutcome.Succeeded, r.Outcome));
        var mail = app.Testing.AssertEnqueued<SendEmail>();
        Assert.Equal(1, mail.Depth);
        Assert.Equal("kit.register", mail.EnqueuedBy!.TaskName);
    }

    [Fact]
    public async Task Jobs_due_later_wait_and_the_clock_does_not_move()
    {
        await using var app = await TestApp.StartAsync();
        await new SendEmail("later@x", "Hi").PerformIn(app.Client, TimeSpan.FromMinutes(1));

        var runs = await app.Testing.RunAllAsync();

        Assert.Empty(runs);
        Assert.Equal(TestApp.Start, app.Testing.Clock.GetUtcNow());
    }

    [Fact]
    public async Task A_job_that_enqueues_itself_forever_stops_at_the_depth_bound_with_the_line_of_jobs()
    {
        await using var app = await TestApp.StartAsync(testing: o => o.MaxDepth = 4);
        await new Forever(0).PerformAsync(app.Client);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.Testing.RunAllAsync());

        Assert.Equal(["generation 0", "generation 1", "generation 2", "generation 3", "generation 4"], app.Outbox.Entries);
        var lines = error.Message.Split('\n');
        Assert.StartsWith("Job ", lines[0]);
        Assert.Contains("(kit.forever) is 5 jobs deep, past TaskTestingOptions.MaxDepth (4); it was left waiting.", lines[0]);
        Assert.Equal(Enumerable.Range(0, 6).Select(depth => $"  depth {depth}: kit.forever on queue \"default\", due at once, job "),
            lines[1..].Select(l => l[..^36]));
    }

    [Fact]
    public async Task A_failed_job_fails_the_run_with_the_task_error_and_stays_for_its_retry()
    {
        await using var app = await TestApp.StartAsync();
        var id = await new Flaky(FailTimes: 1).PerformAsync(app.Client);

        var error = await Assert.ThrowsAsync<JobFailedException>(() => app.Testing.RunAllAsync());

        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Equal(
            $"Job failed: kit.flaky job {id} attempt 1 on queue \"default\": Retrying (InvalidOperationException: boom on attempt 1), " +
            "retry due 2031-03-04 07:58:10Z (10 s after the attempt started). It waits for its retry: RunDueAsync runs it when the test clock gets there. " +
            "To let jobs fail and assert on the runs instead, pass throwOnFailure: false.", error.Message);
        Assert.Equal(JobState.Retry, (await app.Client.GetJobAsync(id))!.State);
    }

    [Fact]
    public async Task The_application_job_middleware_and_observers_run_around_each_job()
    {
        var seen = new List<string>();
        await using var app = await TestApp.StartAsync(app: b => b
            .AddJobMiddleware(new Around(seen))
            .AddLifecycleObserver(new Watcher(seen)));
        await new SendEmail("a@b.c", "Hi").PerformAsync(app.Client);

        await app.Testing.RunAllAsync();

        Assert.Equal(["observer: processing kit.send_email", "middleware: before kit.send_email", "middleware: after kit.send_email",
            "observer: succeeded kit.send_email"], seen);
    }

    private sealed class Around(List<string> seen) : IJobMiddleware
    {
        public async ValueTask InvokeAsync(JobExecutionContext context, JobDelegate next)
        {
            seen.Add($"middleware: before {context.TaskName}");
            await next(context);
            seen.Add($"middleware: after {context.TaskName}");
        }
    }

    private sealed class Watcher(List<string> seen) : IJobLifecycleObserver
    {
        public ValueTask OnProcessingAsync(JobExecutionContext context)
        {
            seen.Add($"observer: processing {context.TaskName}");
            return default;
        }

        public ValueTask OnSucceededAsync(JobExecutionContext context)
        {
            seen.Add($"observer: succeeded {context.TaskName}");
            return default;
        }
    }
}
