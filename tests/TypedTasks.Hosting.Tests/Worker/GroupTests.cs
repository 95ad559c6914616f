using TypedTasks.Brokers;
using Xunit;

namespace TypedTasks.Hosting.Tests;

/// <summary>Groups: members run independently; the completion job runs once, after every member is done.</summary>
public abstract class GroupTests
{
    protected abstract Action<TypedTasksOptions> SharedBroker();

    [Fact]
    public async Task With_four_worker_hosts_the_completion_job_runs_exactly_once_after_all_members()
    {
        var broker = SharedBroker();
        var hosts = new List<TestHost>();
        try
        {
            for (int i = 0; i < 4; i++)
                hosts.Add(await TestHost.StartAsync(broker));
            var group = await hosts[0].Client.Group(Enumerable.Range(0, 40).Select(i => new Greet($"member {i}")))
                .OnComplete(new Tick("group done")).EnqueueAsync();

            var status = await Recorder.WaitForAsync(() => hosts[0].Client.GetGroupAsync(group).AsTask(),
                s => s.IsComplete && s.Completion?.State == JobState.Succeeded, TimeSpan.FromSeconds(20), "the group and its completion");
            await hosts[0].WaitUntilQueueIsEmptyAsync();

            Assert.Equal((40, 0), (status.Done, status.Failed));
            var events = hosts.SelectMany(h => h.Recorder.Events).ToList();
            Assert.Equal(40, events.Count(e => e.StartsWith("hello member", StringComparison.Ordinal)));
            Assert.Equal(1, events.Count(e => e.StartsWith("tick group done", StringComparison.Ordinal)));
        }
        finally
        {
            foreach (var host in hosts)
                await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_group_with_a_failed_member_still_completes_and_counts_the_failure()
    {
        await using var host = await TestHost.StartAsync(SharedBroker());

        var group = await host.Client.Group().Add(new Greet("ok")).Add(new Flaky(FailTimes: 10)).OnComplete(new Tick("after failure")).EnqueueAsync();

        var status = await Recorder.WaitForAsync(() => host.Client.GetGroupAsync(group).AsTask(),
            s => s.IsComplete && s.Completion?.State == JobState.Succeeded, TimeSpan.FromSeconds(20), "the group to complete");
        Assert.Equal((2, 1), (status.Done, status.Failed));
        Assert.Equal(JobState.Dead, status.Members[group.JobIds[1]]);
    }
}

public sealed class InMemoryGroupTests : GroupTests
{
    private readonly InMemoryBroker _broker = new();

    protected override Action<TypedTasksOptions> SharedBroker() => o => o.UseBroker(_ => _broker, "shared in-memory");
}

public sealed class RedisGroupTests(RedisHostFixture redis) : GroupTests, IClassFixture<RedisHostFixture>
{
    private readonly string _prefix = "g" + Guid.NewGuid().ToString("N")[..8];

    protected override Action<TypedTasksOptions> SharedBroker() =>
        o => o.UseRedis(redis.Server.ConnectionString, new TypedTasks.Redis.RedisBrokerOptions { KeyPrefix = _prefix });
}
