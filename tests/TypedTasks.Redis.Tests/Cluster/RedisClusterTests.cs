using System.Text;
using TypedTasks.Brokers;
using Xunit;

namespace TypedTasks.Redis.Tests.Cluster;

/// <summary>What spans queues on a cluster whose three masters each serve one of the test's queues: no CROSSSLOT.</summary>
public sealed class RedisClusterTests(RedisClusterFixture redis) : IClassFixture<RedisClusterFixture>
{
    private static EnqueueRequest Job(string queue, DateTimeOffset? dueAt = null, UniqueLock? unique = null) => new()
    {
        Id = JobId.New(),
        Queue = queue,
        TaskName = "cluster.task",
        Envelope = Encoding.UTF8.GetBytes("payload"),
        DueAt = dueAt,
        Unique = unique,
    };

    [Fact]
    public async Task Enqueue_fetch_ack_stats_lookups_and_the_queue_list_span_all_three_masters()
    {
        await using var broker = redis.NewBroker();
        var queues = await redis.QueuePerMasterAsync();
        var ids = new Dictionary<string, List<JobId>>();
        foreach (string queue in queues)
            ids[queue] = (await broker.EnqueueManyAsync([Job(queue), Job(queue)])).Select(r => r.Id).ToList();

        // One fetch over the three queues, in order: the first queue's jobs first, then the next master's.
        var first = await broker.FetchAsync(new FetchRequest { Queues = queues, Count = 3, WorkerId = "w" });
        Assert.Equal([.. ids[queues[0]], ids[queues[1]][0]], first.Jobs.Select(j => j.Id));
        // Acks on two masters and a fetch on the others in one AckAndFetch.
        var next = await broker.AckAndFetchAsync(first.Jobs.Select(j => new JobAck { Lease = j.Lease }).ToList(),
            new FetchRequest { Queues = queues, Count = 10, WorkerId = "w" });
        Assert.Empty(next.Refused);
        Assert.Equal([ids[queues[1]][1], .. ids[queues[2]]], next.Next.Jobs.Select(j => j.Id));

        var renewal = await broker.ExtendLeasesAsync(next.Next.Jobs.Select(j => j.Lease).ToList(), TimeSpan.FromMinutes(1));
        Assert.Empty(renewal.Lost);
        Assert.Equal(queues.Order(StringComparer.Ordinal), (await broker.GetQueuesAsync()).Order(StringComparer.Ordinal));
        Assert.Equal(queues[2], (await broker.GetJobAsync(ids[queues[2]][1]))!.Queue);
        Assert.Equal(CancelOutcome.Requested, await broker.RequestCancelAsync(ids[queues[2]][0]));
        var stats = await broker.GetQueueStatsAsync(queues[1]);
        Assert.Equal((1L, 1L), (stats.Succeeded, stats.Active));
        Assert.Equal(0, await broker.RecoverExpiredAsync(queues));
    }

    [Fact]
    public async Task Unique_keys_groups_scheduled_jobs_and_wake_ups_work_on_every_master()
    {
        await using var broker = redis.NewBroker();
        var queues = await redis.QueuePerMasterAsync();
        foreach (string queue in queues)
        {
            var unique = new UniqueLock("only-one", TimeSpan.FromMinutes(1));
            var stored = await broker.EnqueueAsync(Job(queue, unique: unique));
            Assert.Equal(new EnqueueResult(stored.Id, Duplicate: true), await broker.EnqueueAsync(Job(queue, unique: unique)));
            Assert.False(await broker.MarkGroupMemberDoneAsync("group-" + queue, stored.Id, size: 2, TimeSpan.FromMinutes(1)));
            Assert.True(await broker.MarkGroupMemberDoneAsync("group-" + queue, JobId.New(), size: 2, TimeSpan.FromMinutes(1)));
        }
        Assert.Equal(3, (await broker.FetchAsync(new FetchRequest { Queues = queues, Count = 10, WorkerId = "w" })).Jobs.Count);

        var due = DateTimeOffset.UtcNow.AddMilliseconds(300);
        await broker.EnqueueAsync(Job(queues[1], dueAt: due));
        var empty = await broker.FetchAsync(new FetchRequest { Queues = queues, Count = 10, WorkerId = "w" });
        Assert.Empty(empty.Jobs);
        Assert.NotNull(empty.NextDueAt);

        var wait = broker.WaitForWorkAsync(queues, TimeSpan.FromSeconds(5)).AsTask();
        await broker.EnqueueAsync(Job(queues[2]));
        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Single((await broker.FetchAsync(new FetchRequest { Queues = [queues[2]], Count = 10, WorkerId = "w" })).Jobs);
    }
}
