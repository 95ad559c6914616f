using System.Collections.Concurrent;
using System.Text;
using StackExchange.Redis;
using TypedTasks.Brokers;
using TypedTasks.TestSupport.Reliability;
using Xunit;

namespace TypedTasks.Redis.Tests.Brokers;

/// <summary>What only the Redis broker must show: exactly-once hand-out under contention, round trips, no leaked keys.</summary>
public sealed class RedisBrokerTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);

    private static EnqueueRequest Job(string queue, DateTimeOffset? dueAt = null) => new()
    {
        Id = JobId.New(),
        Queue = queue,
        TaskName = "redis.task",
        Envelope = Encoding.UTF8.GetBytes("payload"),
        DueAt = dueAt,
    };

    private static FetchRequest Fetch(string queue, int count) => new() { Queues = [queue], Count = count, WorkerId = "w" };

    /// <summary>Runs consumers that fetch and ack in batches until the queue is empty; returns every delivery.</summary>
    private static async Task<List<JobId>> ConsumeAllAsync(IBroker broker, string queue, int consumers, int batch)
    {
        var delivered = new ConcurrentQueue<JobId>();
        var tasks = Enumerable.Range(0, consumers).Select(_ => Task.Run(async () =>
        {
            IReadOnlyList<JobAck> acks = [];
            while (true)
            {
                var result = await broker.AckAndFetchAsync(acks, Fetch(queue, batch));
                Assert.Empty(result.Refused);
                if (result.Next.Jobs.Count == 0)
                    return;
                foreach (var job in result.Next.Jobs)
                    delivered.Enqueue(job.Id);
                acks = result.Next.Jobs.Select(j => new JobAck { Lease = j.Lease }).ToList();
            }
        }));
        await Task.WhenAll(tasks).WaitAsync(s_bound);
        return delivered.ToList();
    }

    [Fact]
    public async Task Eight_consumers_receive_each_of_20000_jobs_exactly_once_and_leave_no_job_keys()
    {
        await using var broker = redis.NewBroker();
        var requests = Enumerable.Range(0, 20_000).Select(_ => Job("bulk")).ToList();
        foreach (var chunk in requests.Chunk(2_000))
            await broker.EnqueueManyAsync(chunk).AsTask().WaitAsync(s_bound);

        var delivered = await ConsumeAllAsync(broker, "bulk", consumers: 8, batch: 16);

        Assert.Equal(requests.Count, delivered.Count);
        Assert.Equal(requests.Select(r => r.Id).ToHashSet(), delivered.ToHashSet());
        var stats = await broker.GetQueueStatsAsync("bulk");
        Assert.Equal((0L, 0L, 20_000L), (stats.Pending, stats.Active, stats.Succeeded));
        Assert.Empty(await ScanAsync(broker.Options.KeyPrefix + ":*job:*"));
    }

    [Fact]
    public async Task Four_racing_fetchers_promote_each_of_10000_scheduled_jobs_exactly_once()
    {
        await using var broker = redis.NewBroker();
        // Due far enough ahead that all 10 000 are still scheduled when the enqueue ends, even on a busy machine.
        var due = DateTimeOffset.UtcNow.AddSeconds(4);
        var requests = Enumerable.Range(0, 10_000).Select(_ => Job("race", due)).ToList();
        foreach (var chunk in requests.Chunk(2_000))
            await broker.EnqueueManyAsync(chunk).AsTask().WaitAsync(s_bound);
        Assert.True(DateTimeOffset.UtcNow < due, "the enqueue took longer than the lead time; the race was not tested");
        Assert.Equal(10_000, (await broker.GetQueueStatsAsync("race")).Scheduled);

        // All 10 000 share one due time.
        await WaitForServerClockToPassAsync(broker, "race", "scheduled", requests[0].Id);
        var delivered = await ConsumeAllAsync(broker, "race", consumers: 4, batch: 50);

        Assert.Equal(requests.Count, delivered.Count);
        Assert.Equal(requests.Select(r => r.Id).ToHashSet(), delivered.ToHashSet());
        var stats = await broker.GetQueueStatsAsync("race");
        Assert.Equal((0L, 0L, 0L), (stats.Scheduled, stats.Pending, stats.Active));
    }

    [Fact]
    public async Task Enqueue_costs_one_command_per_job_and_ack_and_fetch_one_per_batch()
    {
        await using var broker = redis.NewBroker();
        await broker.EnqueueAsync(Job("rt"));
        var warm = await broker.FetchAsync(Fetch("rt", 1));
        await broker.AckAndFetchAsync([new JobAck { Lease = warm.Jobs[0].Lease }], null);

        await using (var monitor = await CommandMonitor.StartAsync(redis.Server.Port))
        {
            for (int i = 0; i < 50; i++)
                await broker.EnqueueAsync(Job("rt"));
            var enqueueCommands = BrokerCommands(await monitor.StopAsync(Echo));
            Assert.Equal(50, enqueueCommands.Count);
            Assert.All(enqueueCommands, c => Assert.Contains("\"EVALSHA\"", c, StringComparison.OrdinalIgnoreCase));
        }

        var batch = await broker.FetchAsync(Fetch("rt", 10));
        await using (var monitor = await CommandMonitor.StartAsync(redis.Server.Port))
        {
            var next = await broker.AckAndFetchAsync(batch.Jobs.Select(j => new JobAck { Lease = j.Lease }).ToList(), Fetch("rt", 10));
            var ackCommands = BrokerCommands(await monitor.StopAsync(Echo));
            Assert.Equal(10, next.Next.Jobs.Count);
            Assert.Single(ackCommands);
        }
    }

    private Task Echo(string text) => redis.Database.ExecuteAsync("ECHO", text);

    /// <summary>The commands seen less StackExchange.Redis's own keep-alives and checks (PING, ECHO, INFO, CLUSTER, ...).</summary>
    private static List<string> BrokerCommands(IReadOnlyList<string> commands) =>
        commands.Where(c => !new[] { "\"PING\"", "\"ECHO\"", "\"INFO\"", "\"CLUSTER\"", "\"CONFIG\"", "\"GET\" \"__Booksleeve_TieBreak\"" }
            .Any(housekeeping => c.Contains(housekeeping, StringComparison.OrdinalIgnoreCase))).ToList();

    [Fact]
    public async Task Keys_of_a_queue_share_its_hash_tag_under_the_configured_prefix()
    {
        await using var broker = redis.NewBroker("tagcheck");
        await broker.EnqueueAsync(Job("emails"));
        await broker.EnqueueAsync(Job("emails", DateTimeOffset.UtcNow.AddMinutes(5)));

        var keys = await ScanAsync("tagcheck:*");

        Assert.Contains("tagcheck:queues", keys);
        Assert.Contains("tagcheck:{emails}:pending", keys);
        Assert.Contains("tagcheck:{emails}:scheduled", keys);
        Assert.All(keys.Where(k => k != "tagcheck:queues"), k => Assert.StartsWith("tagcheck:{emails}:", k));
    }

    [Fact]
    public async Task Brokers_with_different_prefixes_do_not_see_each_others_jobs()
    {
        await using var a = redis.NewBroker();
        await using var b = redis.NewBroker();
        var id = (await a.EnqueueAsync(Job("shared"))).Id;

        Assert.Empty((await b.FetchAsync(Fetch("shared", 10))).Jobs);
        Assert.Null(await b.GetJobAsync(id));
        Assert.Equal(id, Assert.Single((await a.FetchAsync(Fetch("shared", 10))).Jobs).Id);
    }

    [Fact]
    public async Task Recovery_runs_at_most_once_per_interval_across_brokers()
    {
        string prefix = "gate" + Guid.NewGuid().ToString("N")[..6];
        await using var first = redis.NewBroker(prefix);
        var slow = new RedisBroker(redis.Connection, new RedisBrokerOptions { KeyPrefix = prefix, RecoverInterval = TimeSpan.FromSeconds(30) });
        await first.EnqueueManyAsync([Job("g"), Job("g")]);
        var leased = await first.FetchAsync(new FetchRequest { Queues = ["g"], Count = 2, Lease = TimeSpan.FromMilliseconds(50) });
        await WaitForServerClockToPassAsync(first, "g", "active", [.. leased.Jobs.Select(j => j.Id)]);

        Assert.Equal(2, await slow.RecoverExpiredAsync(["g"]));
        var again = await first.FetchAsync(new FetchRequest { Queues = ["g"], Count = 2, Lease = TimeSpan.FromMilliseconds(50) });
        await WaitForServerClockToPassAsync(first, "g", "active", [.. again.Jobs.Select(j => j.Id)]);

        Assert.Equal(2, again.Jobs.Count);
        Assert.Equal(0, await first.RecoverExpiredAsync(["g"]));
    }

    /// <summary>
    /// Waits until the server's clock, which the scripts read, has passed the times of <paramref name="ids"/> in the
    /// queue's sorted set <paramref name="set"/> (lease deadlines in <c>active</c>, due times in <c>scheduled</c>): a
    /// wait on what the broker will see, instead of a sleep with a margin for a loaded machine. An id not in the set
    /// has nothing to wait for.
    /// </summary>
    private Task WaitForServerClockToPassAsync(RedisBroker broker, string queue, string set, params JobId[] ids)
    {
        string key = broker.Options.KeyPrefix + ":{" + queue + "}:" + set;
        RedisValue[] members = ids.Select(id => (RedisValue)id.Value).ToArray();
        return Conditions.WaitAsync(
            async () =>
            {
                var time = (RedisResult[])(await redis.Database.ExecuteAsync("TIME"))!;
                long now = (long)time[0] * 1000 + (long)time[1] / 1000;
                return (await redis.Database.SortedSetScoresAsync(key, members)).All(score => score is null || score <= now);
            },
            TimeSpan.FromSeconds(10), $"the Redis server's clock to pass the times of {string.Join(", ", ids)} in {key}", TimeSpan.FromMilliseconds(10));
    }

    /// <summary>The queue's leases (its hash of id → token) and its active set, which must always hold the same ids.</summary>
    private async Task<(long Leases, long Active)> LeasesAndActiveAsync(RedisBroker broker, string queue)
    {
        string tag = broker.Options.KeyPrefix + ":{" + queue + "}:";
        return (await redis.Database.HashLengthAsync(tag + "leases"), await redis.Database.SortedSetLengthAsync(tag + "active"));
    }

    [Fact]
    public async Task Every_way_a_lease_ends_drops_its_entry_so_a_queue_keeps_no_lease_of_a_job_that_is_not_running()
    {
        await using var broker = redis.NewBroker();
        await broker.EnqueueManyAsync(Enumerable.Range(0, 6).Select(_ => Job("ends")).ToList());
        var five = (await broker.FetchAsync(Fetch("ends", 5))).Jobs;
        var expiring = Assert.Single((await broker.FetchAsync(new FetchRequest { Queues = ["ends"], Count = 1, Lease = TimeSpan.FromMilliseconds(50) })).Jobs);
        Assert.Equal((6L, 6L), await LeasesAndActiveAsync(broker, "ends"));

        await broker.AckAndFetchAsync([new JobAck { Lease = five[0].Lease }], null);
        await broker.FailAsync(new JobFailure { Lease = five[1].Lease, Error = "retry", RetryDelay = TimeSpan.FromMinutes(5) });
        await broker.FailAsync(new JobFailure { Lease = five[2].Lease, Error = "dead", Disposition = FailureDisposition.Dead });
        await broker.RequeueAsync(five[3].Lease);
        await broker.DeleteJobAsync(five[4].Id);
        await WaitForServerClockToPassAsync(broker, "ends", "active", expiring.Id);
        Assert.Equal(1, await broker.RecoverExpiredAsync(["ends"]));

        Assert.Equal((0L, 0L), await LeasesAndActiveAsync(broker, "ends"));
        Assert.Equal([expiring.Id], (await broker.ExtendLeasesAsync([expiring.Lease], TimeSpan.FromMinutes(1))).Lost);
    }

    [Fact]
    public async Task One_ack_batch_refuses_a_stale_token_and_a_repeated_ack_and_completes_the_rest()
    {
        await using var broker = redis.NewBroker();
        var unique = Job("acks") with { Unique = new UniqueLock("one-at-a-time", TimeSpan.FromMinutes(5)) };
        await broker.EnqueueManyAsync([Job("acks"), Job("acks"), Job("acks"), unique]);
        var stale = Assert.Single((await broker.FetchAsync(new FetchRequest { Queues = ["acks"], Count = 1, Lease = TimeSpan.FromMilliseconds(50) })).Jobs);
        await WaitForServerClockToPassAsync(broker, "acks", "active", stale.Id);
        Assert.Equal(1, await broker.RecoverExpiredAsync(["acks"]));
        var held = (await broker.FetchAsync(Fetch("acks", 4))).Jobs;
        var again = Assert.Single(held, j => j.Id == stale.Id);
        Assert.NotEqual(stale.Lease.Token, again.Lease.Token);
        var others = held.Where(j => j.Id != stale.Id).ToList();
        Assert.Equal(3, others.Count);

        var acks = new[] { stale }.Concat(others).Append(others[0]).Select(j => new JobAck { Lease = j.Lease }).ToList();
        var reply = await broker.AckAndFetchAsync(acks, null);

        Assert.Equal([stale.Id, others[0].Id], reply.Refused);
        var stats = await broker.GetQueueStatsAsync("acks");
        Assert.Equal((1L, 3L), (stats.Active, stats.Succeeded));
        Assert.Equal((1L, 1L), await LeasesAndActiveAsync(broker, "acks"));
        Assert.False((await broker.EnqueueAsync(Job("acks") with { Unique = unique.Unique })).Duplicate);
        Assert.Empty((await broker.AckAndFetchAsync([new JobAck { Lease = again.Lease }], null)).Refused);
    }

    [Fact]
    public async Task Wake_ups_reach_a_broker_whose_connection_prefixes_its_channels()
    {
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString + ",channelPrefix=app:");
        await using var broker = new RedisBroker(connection, new RedisBrokerOptions { KeyPrefix = "cp" + Guid.NewGuid().ToString("N")[..8] });
        Assert.Empty((await broker.FetchAsync(Fetch("wake", 1))).Jobs);

        var wait = broker.WaitForWorkAsync(["wake"], TimeSpan.FromSeconds(5)).AsTask();
        await broker.EnqueueAsync(Job("wake"));

        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(10)), "the wake-up was published on a channel without the connection's prefix");
    }

    private async Task<List<string>> ScanAsync(string pattern)
    {
        var keys = new List<string>();
        await foreach (var key in redis.Connection.GetServers()[0].KeysAsync(pattern: pattern, pageSize: 1000))
            keys.Add(key!);
        return keys;
    }
}
