using TypedTasks.Brokers;
using Xunit;

namespace TypedTasks.Hosting.Tests;

/// <summary>What a client can do to jobs and queues: results, status, cancel, pause, delete, unique jobs.</summary>
public abstract class JobControlTests
{
    protected abstract void UseBroker(TypedTasksOptions options);

    private Task<TestHost> StartAsync() => TestHost.StartAsync(UseBroker);

    [Fact]
    public async Task A_kept_result_is_read_back_typed()
    {
        await using var host = await StartAsync();

        var id = await host.Client.EnqueueAsync(new Square(12));
        await host.WaitForStateAsync(id, JobState.Succeeded);

        Assert.Equal((true, 144), await host.Client.GetResultAsync<Square, int>(id));
        Assert.Equal((false, 0), await host.Client.GetResultAsync<Square, int>(JobId.New()));
    }

    [Fact]
    public async Task Job_status_shows_state_attempts_error_and_times()
    {
        await using var host = await StartAsync();

        var id = await host.Client.EnqueueAsync(new Flaky(FailTimes: 10));
        var job = await host.WaitForStateAsync(id, JobState.Dead);

        Assert.Equal(("q", TestTasks.NameOf<Flaky>(), 3), (job.Queue, job.TaskName, job.Failures));
        Assert.Equal("InvalidOperationException: boom on attempt 3", job.LastError!.Split('\n')[0]);
        Assert.NotNull(job.EndedAt);
        Assert.True(job.EndedAt >= job.EnqueuedAt);
    }

    [Fact]
    public async Task Cancelling_a_running_job_fires_its_token_and_ends_it_cancelled()
    {
        await using var host = await StartAsync();

        var id = await host.Client.EnqueueAsync(new Endless("c"));
        await Recorder.WaitUntilAsync(() => host.Recorder.Events.Contains("endless c started"), what: "the job to start");
        Assert.Equal(CancelOutcome.Requested, await host.Client.CancelAsync(id));

        await host.WaitForStateAsync(id, JobState.Cancelled, TimeSpan.FromSeconds(10));
        Assert.Contains("endless c cancelled", host.Recorder.Events);
    }

    [Fact]
    public async Task A_paused_queue_runs_nothing_until_resumed_and_a_cancelled_waiting_job_never_runs()
    {
        await using var host = await StartAsync();

        await host.Client.PauseQueueAsync("q");
        await host.Client.EnqueueAsync(new Greet("after resume"));
        var dropped = await host.Client.EnqueueAsync(new Greet("never"));
        Assert.Equal(CancelOutcome.Cancelled, await host.Client.CancelAsync(dropped));
        await Task.Delay(700);
        Assert.Equal(0, host.Recorder.CountOf("hello"));

        await host.Client.ResumeQueueAsync("q");
        await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("hello") == 1, what: "the kept job");
        await host.WaitUntilQueueIsEmptyAsync();
        Assert.Equal(["hello after resume attempt 1 queue q"], host.Recorder.Events.Where(e => e.StartsWith("hello", StringComparison.Ordinal)));
        Assert.Equal(JobState.Cancelled, (await host.Client.GetJobAsync(dropped))!.State);
    }

    [Fact]
    public async Task A_deleted_job_is_gone()
    {
        await using var host = await StartAsync();

        var id = await host.Client.EnqueueAsync(new Greet("later"), runAt: DateTimeOffset.UtcNow.AddHours(1));
        Assert.NotNull(await host.Client.GetJobAsync(id));

        Assert.True(await host.Client.DeleteJobAsync(id));
        Assert.Null(await host.Client.GetJobAsync(id));
    }

    [Fact]
    public async Task A_chain_runs_its_links_in_order_passing_results_along()
    {
        await using var host = await StartAsync();

        var chain = await host.Client.Chain(new Square(3), new AddToPrevious(1), new Greet("chain end")).EnqueueAsync();

        var status = await Recorder.WaitForAsync(() => host.Client.GetChainAsync(chain).AsTask(), s => s.State == ChainState.Succeeded, what: "the chain to finish");
        Assert.Equal((3, (int?)null), (status.Completed, status.Current));
        Assert.Equal(["add-to-previous 10", "hello chain end attempt 1 queue q"],
            host.Recorder.Events.Where(e => e.StartsWith("add-to-previous", StringComparison.Ordinal) || e.StartsWith("hello", StringComparison.Ordinal)));
        Assert.Equal((true, 10), await host.Client.GetResultAsync<AddToPrevious, int>(chain.JobIds[1]));
    }

    [Fact]
    public async Task A_failed_link_stops_the_chain_and_marks_it_failed()
    {
        await using var host = await StartAsync();

        var chain = await host.Client.Chain(new Greet("first"), new Flaky(FailTimes: 10), new Greet("never")).EnqueueAsync();

        var status = await Recorder.WaitForAsync(() => host.Client.GetChainAsync(chain).AsTask(), s => s.State == ChainState.Failed, what: "the chain to fail");
        Assert.Equal((1, (int?)1), (status.Completed, status.Current));
        Assert.Equal(JobState.Dead, status.Jobs[1]!.State);
        Assert.Null(status.Jobs[2]);
        Assert.DoesNotContain("hello never attempt 1 queue q", host.Recorder.Events);
    }

    [Fact]
    public async Task A_task_with_its_own_unique_key_dedupes_on_that_key()
    {
        await using var host = await StartAsync();
        await host.Client.PauseQueueAsync("q");

        var first = await host.Client.EnqueueAsync(new CustomerReport("acme", 1));
        var again = await host.Client.EnqueueAsync(new CustomerReport("acme", 2));
        var other = await host.Client.EnqueueAsync(new CustomerReport("globex", 1));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task Per_job_retry_delays_override_the_task_backoff()
    {
        await using var host = await StartAsync();

        var id = await host.Client.EnqueueAsync(new Flaky(FailTimes: 10), options: new JobOptions
        {
            MaxRetries = 2,
            RetryDelays = [TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(600)],
        });
        await host.WaitForStateAsync(id, JobState.Dead);

        var attempts = host.Recorder.Events.Where(e => e.StartsWith("flaky", StringComparison.Ordinal))
            .Select(e => new DateTime(long.Parse(e.Split(" at ")[1]), DateTimeKind.Utc)).ToArray();
        Assert.Equal(3, attempts.Length);
        Assert.InRange((attempts[2] - attempts[1]).TotalMilliseconds, 550, 3000);
        Assert.True(attempts[2] - attempts[1] > attempts[1] - attempts[0]);
    }

    [Fact]
    public async Task A_saved_result_is_kept_as_the_job_result()
    {
        await using var host = await StartAsync();

        var id = await host.Client.EnqueueAsync(new Saver("saved text"));

        var job = await host.WaitForStateAsync(id, JobState.Succeeded);
        Assert.Equal("saved text", System.Text.Encoding.UTF8.GetString(job.Result!.Value.Span));
    }

    [Fact]
    public async Task Retention_keeps_or_removes_finished_jobs_by_queue_and_by_task()
    {
        await using var host = await TestHost.StartAsync(UseBroker, worker: w => w.Queue("q", concurrency: 4, retention: Retention.KeepAll));

        var kept = await host.Client.EnqueueAsync(new Greet("kept by the queue"));
        var removed = await host.Client.EnqueueAsync(new Doomed("removed by the task"));

        Assert.Equal(JobState.Succeeded, (await host.WaitForStateAsync(kept, JobState.Succeeded)).State);
        await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("doomed") == 1, what: "the doomed job");
        await Recorder.WaitForAsync(() => host.Client.GetJobAsync(removed).AsTask(), job => job is null, what: "the failed job to be removed");
        Assert.Empty(await host.Broker.GetDeadJobsAsync("q", 0, 10));
    }

    [Fact]
    public async Task Eight_concurrent_enqueuers_of_one_unique_task_get_one_job()
    {
        await using var host = await StartAsync();
        await host.Client.PauseQueueAsync("q");

        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => host.Client.EnqueueAsync(new UniqueReport("2026-11-22")).AsTask())));
        var other = await host.Client.EnqueueAsync(new UniqueReport("2026-11-23"));

        Assert.Single(ids.Distinct());
        Assert.NotEqual(ids[0], other);
        await host.Client.ResumeQueueAsync("q");
        await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("report") == 2, what: "both reports");
        await host.WaitUntilQueueIsEmptyAsync();
        Assert.Equal(1, host.Recorder.CountOf("report 2026-11-22"));
    }
}

public sealed class InMemoryJobControlTests : JobControlTests
{
    protected override void UseBroker(TypedTasksOptions options) => options.UseInMemory();
}

public sealed class RedisJobControlTests(RedisHostFixture redis) : JobControlTests, IClassFixture<RedisHostFixture>
{
    private readonly string _prefix = "c" + Guid.NewGuid().ToString("N")[..8];

    protected override void UseBroker(TypedTasksOptions options) =>
        options.UseRedis(redis.Server.ConnectionString, new TypedTasks.Redis.RedisBrokerOptions { KeyPrefix = _prefix });
}
