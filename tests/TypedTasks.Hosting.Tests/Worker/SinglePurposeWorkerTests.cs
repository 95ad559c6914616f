using TypedTasks.Brokers;
using Xunit;

namespace TypedTasks.Hosting.Tests;

/// <summary>Workers restricted to some tasks run only those, and leave other tasks' jobs for other workers.</summary>
public abstract class SinglePurposeWorkerTests
{
    protected abstract Action<TypedTasksOptions> SharedBroker();

    [Fact]
    public async Task A_restricted_worker_runs_only_its_tasks_and_a_general_worker_runs_the_rest()
    {
        var broker = SharedBroker();
        await using var greeter = await TestHost.StartAsync(broker, worker: w => w.OnlyTasks(TestTasks.NameOf<Greet>()));
        await using var general = await TestHost.StartAsync(broker);

        for (int i = 0; i < 10; i++)
        {
            await greeter.Client.EnqueueAsync(new Greet($"g{i}"));
            await greeter.Client.EnqueueAsync(new Flaky(FailTimes: 0));
        }

        await Recorder.WaitUntilAsync(() => greeter.Recorder.CountOf("hello") + general.Recorder.CountOf("hello") == 10
            && general.Recorder.CountOf("flaky") == 10, TimeSpan.FromSeconds(20), "all 20 jobs");
        Assert.Equal(0, greeter.Recorder.CountOf("flaky"));
    }

    [Fact]
    public async Task A_job_no_worker_runs_waits_in_its_queue_without_losing_attempts()
    {
        await using var host = await TestHost.StartAsync(SharedBroker(), worker: w => w.OnlyTask<Greet>(concurrency: 2));

        var foreign = await host.Client.EnqueueAsync(new Flaky(FailTimes: 0));
        await host.Client.EnqueueAsync(new Greet("mine"));
        await Recorder.WaitUntilAsync(() => host.Recorder.CountOf("hello mine") == 1, TimeSpan.FromSeconds(10), "the worker's own job");
        await Task.Delay(500);

        // The worker takes the foreign job again after each cool-down and puts it straight back, so it may be caught
        // leased for that moment; it never runs and never counts a failure.
        var job = await host.Client.GetJobAsync(foreign);
        Assert.Contains(job!.State, new[] { JobState.Pending, JobState.Active });
        Assert.Equal(0, job.Failures);
        Assert.Equal(0, host.Recorder.CountOf("flaky"));
    }
}

public sealed class InMemorySinglePurposeWorkerTests : SinglePurposeWorkerTests
{
    private readonly InMemoryBroker _broker = new();

    protected override Action<TypedTasksOptions> SharedBroker() => o => o.UseBroker(_ => _broker, "shared in-memory");
}

public sealed class RedisSinglePurposeWorkerTests(RedisHostFixture redis) : SinglePurposeWorkerTests, IClassFixture<RedisHostFixture>
{
    private readonly string _prefix = "w" + Guid.NewGuid().ToString("N")[..8];

    protected override Action<TypedTasksOptions> SharedBroker() =>
        o => o.UseRedis(redis.Server.ConnectionString, new TypedTasks.Redis.RedisBrokerOptions { KeyPrefix = _prefix });
}
